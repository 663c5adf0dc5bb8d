package names.invalidator.changes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import names.memcached.KetamaRing;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads each record of the change topic once per invalidator instance instead of once per node consumer.
 * Every node's consumer group polls every record, and telling heartbeats from events, decoding and
 * ring-hashing them was ~70 % of the invalidator's CPU in a drain (JFR), paid again for each node. The first
 * consumer to reach a record reads it; the others, usually a few batches behind, find the read here.
 *
 * <p>The last {@code window} reads of each partition are kept, by offset. A consumer further behind (its
 * node down, say) reads for itself: the window bounds memory (partitions × window reads), never
 * correctness. Two consumers reaching a record together both read it; either read serves.
 */
final class RecordReader {

    private final int mask;
    private final ConcurrentHashMap<Integer, AtomicReferenceArray<RecordRead>> partitions = new ConcurrentHashMap<>();
    private final LongAdder shared = new LongAdder();
    private final LongAdder own = new LongAdder();

    /** @param window reads kept per partition, rounded up to a power of two; 0 shares nothing */
    RecordReader(int window, MeterRegistry meters) {
        this.mask = window == 0 ? -1 : Integer.highestOneBit(Math.max(1, window - 1)) * 2 - 1;
        FunctionCounter.builder("names.invalidator.record.reads", shared, LongAdder::doubleValue)
                .description("Records a node consumer found already read by another node's consumer of this instance")
                .tag("read", "shared").register(meters);
        FunctionCounter.builder("names.invalidator.record.reads", own, LongAdder::doubleValue)
                .description("Records a node consumer read itself (first to reach them, or behind the shared window)")
                .tag("read", "own").register(meters);
    }

    RecordRead read(ConsumerRecord<String, byte[]> record, KetamaRing ring) {
        if (mask < 0) {
            own.increment();
            return RecordRead.of(record, ring);
        }
        AtomicReferenceArray<RecordRead> reads =
                partitions.computeIfAbsent(record.partition(), partition -> new AtomicReferenceArray<>(mask + 1));
        int slot = (int) (record.offset() & mask);
        RecordRead read = reads.getAcquire(slot);
        if (read != null && read.isOf(record)) {
            shared.increment();
            return read;
        }
        own.increment();
        read = RecordRead.of(record, ring);
        reads.setRelease(slot, read);
        return read;
    }
}
