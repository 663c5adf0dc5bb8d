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
 * <p>A read is kept, by offset, in a window of each partition until every other node consumer has taken
 * it, then dropped: kept longer, at a few hundred changes a second the window's reads lived for many
 * seconds, and copying them at every young collection showed in the invalidation lag's tail. A consumer
 * further behind than the window (its node down, say) reads for itself: the window bounds memory
 * (partitions × window reads), never correctness. Two consumers reaching a record together both read it;
 * either read serves.
 */
final class RecordReader {

    private final int mask;
    /** How many consumers take each read besides the one that made it. */
    private final int sharers;
    private final ConcurrentHashMap<Integer, AtomicReferenceArray<RecordRead>> partitions = new ConcurrentHashMap<>();
    private final LongAdder shared = new LongAdder();
    private final LongAdder own = new LongAdder();

    /**
     * @param window reads kept per partition, rounded up to a power of two; 0 shares nothing
     * @param nodeGroups the node consumer groups of this instance, each of which reads every record (of its
     *     partitions); with one, nothing is kept
     */
    RecordReader(int window, int nodeGroups, MeterRegistry meters) {
        this.mask = window == 0 || nodeGroups < 2 ? -1 : Integer.highestOneBit(Math.max(1, window - 1)) * 2 - 1;
        this.sharers = nodeGroups - 1;
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
            if (read.take() >= sharers) {
                reads.compareAndSet(slot, read, null);
            }
            return read;
        }
        own.increment();
        read = RecordRead.of(record, ring);
        reads.setRelease(slot, read);
        return read;
    }
}
