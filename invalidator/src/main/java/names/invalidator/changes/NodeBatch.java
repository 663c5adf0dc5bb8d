package names.invalidator.changes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import names.contract.event.NameChangeEvent;
import names.memcached.KetamaRing;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one node's consumer must do for one polled batch, read from its records without any I/O: the
 * node's share of the affected keys, the events (for the lag metric and the observer), the poison records
 * this node dead-letters, and the latest heartbeat per partition. Kept apart from {@link NodeInvalidator}
 * so that this per-record work, paid for every change (the reading itself once per instance when the node
 * consumers share it, see {@link RecordReader}), can be measured on its own ({@code PerRecordBenchmark} in
 * the tests).
 *
 * @param keys this node's keys to delete; many events for one name (or one birth year) in a batch need each
 *     key deleted only once
 * @param closed the latest heartbeat {@code closedAt} per partition
 */
record NodeBatch(List<NameChangeEvent> events, Set<String> keys, List<Poison> poison, Map<Integer, Instant> closed) {

    /**
     * @param reader reads each record, or hands out the read another node's consumer made of it
     * @param deadLettersHere whether this node's consumer is the one that dead-letters a poison record
     */
    static NodeBatch read(List<ConsumerRecord<String, byte[]>> records, RecordReader reader, KetamaRing ring,
            String node, Predicate<ConsumerRecord<String, byte[]>> deadLettersHere) {
        List<NameChangeEvent> events = new ArrayList<>(records.size());
        List<Poison> poison = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        Map<Integer, Instant> closed = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            RecordRead read = reader.read(record, ring);
            switch (read.kind()) {
                case HEARTBEAT -> closed.merge(record.partition(), read.closedAt(), (a, b) -> a.isAfter(b) ? a : b);
                case UNREADABLE_HEARTBEAT -> {
                }
                case CHANGE -> {
                    read.addOwned(keys, ring, node);
                    events.add(read.event());
                }
                case POISON -> {
                    read.addOwned(keys, ring, node);
                    if (deadLettersHere.test(record)) {
                        poison.add(new Poison(record, read.reason()));
                    }
                }
            }
        }
        return new NodeBatch(events, keys, poison, closed);
    }

    record Poison(ConsumerRecord<String, byte[]> record, RuntimeException reason) {
    }
}
