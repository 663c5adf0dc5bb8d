package names.invalidator.changes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import names.contract.cache.CacheKeys;
import names.contract.event.CloudEventHeaders;
import names.contract.event.Heartbeat;
import names.contract.event.HeartbeatCodec;
import names.contract.event.MalformedChangeEventException;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.memcached.KetamaRing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaUtils;

/**
 * What one node's consumer must do for one polled batch, read from its records without any I/O: the
 * node's share of the affected keys, the events (for the lag metric and the observer), the poison records
 * this node dead-letters, and the latest heartbeat per partition. Kept apart from {@link NodeInvalidator}
 * so that this per-record work, paid once per node group for every change, can be measured on its own
 * ({@code PerRecordBenchmark} in the tests).
 *
 * @param keys this node's keys to delete; many events for one name (or one birth year) in a batch need each
 *     key deleted only once
 * @param closed the latest heartbeat {@code closedAt} per partition
 */
record NodeBatch(List<NameChangeEvent> events, Set<String> keys, List<Poison> poison, Map<Integer, Instant> closed) {

    private static final Logger log = LoggerFactory.getLogger(NodeBatch.class);

    /**
     * @param deadLettersHere whether this node's consumer is the one that dead-letters a poison record
     */
    static NodeBatch read(List<ConsumerRecord<String, byte[]>> records, KetamaRing ring, String node,
            Predicate<ConsumerRecord<String, byte[]>> deadLettersHere) {
        List<NameChangeEvent> events = new ArrayList<>(records.size());
        List<Poison> poison = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        Map<Integer, Instant> closed = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (isHeartbeat(record)) {
                try {
                    Instant closedAt = HeartbeatCodec.decode(record.value()).closedAt();
                    closed.merge(record.partition(), closedAt, (a, b) -> a.isAfter(b) ? a : b);
                } catch (MalformedChangeEventException e) {
                    // Not a change: nothing to delete, and no reason to dead-letter. It just vouches for nothing.
                    log.warn("ignoring unreadable heartbeat {}: {}", KafkaUtils.format(record), e.getMessage());
                }
                continue;
            }
            try {
                NameChangeEvent event = NameChangeEventCodec.decode(record.value());
                addOwned(keys, CacheKeys.affectedBy(event), ring, node);
                events.add(event);
            } catch (MalformedChangeEventException | IllegalArgumentException e) {
                addOwned(keys, PoisonRecord.of(record).invalidated(), ring, node);
                if (deadLettersHere.test(record)) {
                    poison.add(new Poison(record, e));
                }
            }
        }
        return new NodeBatch(events, keys, poison, closed);
    }

    /** By its header; a record without one is checked by payload only when it has no key (events always do). */
    static boolean isHeartbeat(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type != null) {
            return Heartbeat.isHeartbeatType(type.value());
        }
        return record.key() == null && HeartbeatCodec.isHeartbeat(record.value());
    }

    private static void addOwned(Set<String> keys, List<String> candidates, KetamaRing ring, String node) {
        for (String key : candidates) {
            if (ring.nodeFor(key).equals(node)) {
                keys.add(key);
            }
        }
    }

    record Poison(ConsumerRecord<String, byte[]> record, RuntimeException reason) {
    }
}
