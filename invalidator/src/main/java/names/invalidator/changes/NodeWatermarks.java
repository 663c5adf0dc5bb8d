package names.invalidator.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import names.contract.Topics;
import names.invalidator.cache.InvalidationIncompleteException;
import names.memcached.KetamaRing;
import names.memcached.MemcachedNode;
import names.memcached.Watermarks;
import net.rubyeye.xmemcached.exception.MemcachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one node's per-partition watermarks ({@link Watermarks}) after its consumer has applied a batch
 * that contained relay heartbeats: a heartbeat closed at T on partition p, once every delete of the batch
 * up to it has been acknowledged by this node, means every commit before T has had its deletes for p applied
 * here. Written with a plain {@code set} on the node itself, only when T is above what this consumer wrote
 * before for p (re-deliveries after a crash bring older heartbeats again).
 *
 * <p>A node that is paused or cut off stops advancing on its own: its consumer's batches fail, and no
 * watermark is written until the backlog is applied.
 */
final class NodeWatermarks {

    private static final Logger log = LoggerFactory.getLogger(NodeWatermarks.class);

    private final MemcachedNode node;
    private final KetamaRing ring;
    private final int ttlSeconds;
    private final long timeoutMillis;
    private final Clock clock;
    private final Map<Integer, Instant> written = new ConcurrentHashMap<>();
    private volatile boolean refused;

    NodeWatermarks(String pool, MemcachedNode node, KetamaRing ring, Duration ttl, long timeoutMillis, Clock clock,
            MeterRegistry meters) {
        this.node = node;
        this.ring = ring;
        this.ttlSeconds = (int) ttl.toSeconds();
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
        Gauge.builder("names.invalidation.watermark.age", this, NodeWatermarks::ageSeconds)
                .description("Age of the oldest watermark this instance wrote on the node, over the partitions it"
                        + " consumes now: how far back the node's invalidations are known to be complete (NaN before"
                        + " the first, or while it consumes none)")
                .baseUnit("seconds")
                .tag("pool", pool)
                .tag("node", node.name())
                .register(meters);
    }

    /**
     * @param closedByPartition the latest heartbeat time per partition in a batch whose deletes all succeeded
     * @throws InvalidationIncompleteException if the node did not acknowledge a write (the batch is retried)
     */
    void advance(Map<Integer, Instant> closedByPartition) {
        if (refused || closedByPartition.keySet().stream().anyMatch(p -> p >= Topics.NAME_CHANGES_PARTITIONS)) {
            refuse(closedByPartition.keySet());
            return;
        }
        for (Map.Entry<Integer, Instant> closed : closedByPartition.entrySet()) {
            int partition = closed.getKey();
            Instant previous = written.get(partition);
            if (previous != null && !closed.getValue().isAfter(previous)) {
                continue;
            }
            String key = Watermarks.key(ring, partition);
            try {
                if (!node.client().set(key, ttlSeconds, Watermarks.encode(closed.getValue()), timeoutMillis)) {
                    throw new InvalidationIncompleteException("watermark " + key + " not stored on " + node.name(), null);
                }
            } catch (TimeoutException | MemcachedException e) {
                throw new InvalidationIncompleteException("watermark " + key + " not stored on " + node.name()
                        + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidationIncompleteException("interrupted writing watermark on " + node.name(), e);
            }
            written.merge(partition, closed.getValue(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /**
     * Readers take a node's W as the minimum over the contract's {@link Topics#NAME_CHANGES_PARTITIONS}
     * partitions. A topic with more (created by hand, or altered) has partitions no reader looks at: a W written
     * here could then vouch for entries whose deletes are stuck on one of them. So none is written any more; the
     * api's freshness watermark stops, it falls back to PostgreSQL after S, and the age gauge (ConsumerStalled)
     * plus this ERROR say why. Invalidation itself goes on.
     */
    private void refuse(Collection<Integer> partitions) {
        if (!refused) {
            refused = true;
            log.error("change topic {} has partitions {} beyond the contract's {}: readers would not see their progress,"
                    + " so no watermark is written on {} any more (readers fall back to PostgreSQL after S). Recreate"
                    + " the topic with {} partitions.", Topics.NAME_CHANGES,
                    partitions.stream().filter(p -> p >= Topics.NAME_CHANGES_PARTITIONS).toList(), Topics.NAME_CHANGES_PARTITIONS,
                    node.name(), Topics.NAME_CHANGES_PARTITIONS);
        }
    }

    /**
     * Partitions this instance no longer consumes (rebalanced to another instance, or lost): their watermarks are
     * another consumer's to advance, and the age gauge must not report them as stalled here.
     */
    void forget(Collection<Integer> partitions) {
        partitions.forEach(written::remove);
    }

    double ageSeconds() {
        Instant oldest = written.values().stream().min(Instant::compareTo).orElse(null);
        return oldest == null ? Double.NaN : Duration.between(oldest, clock.instant()).toMillis() / 1000.0;
    }
}
