package names.api.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import names.contract.Topics;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each node's invalidation watermark W ({@link Watermarks}) in memory, so that a hit costs no extra
 * memcached round trip: one multi-get of the partition keys per node every poll interval, on a thread of its
 * own. The read path takes a node's W before its {@code get}; any W polled earlier is still true then.
 *
 * <p>W only moves forward here: a lower value written later (another invalidator instance taking over a
 * partition from an older offset) does not undo deletes that were applied. A node that does not answer keeps
 * its last W, which stays true; a node without keys (no invalidator yet, or restarted empty) is unknown.
 */
public final class WatermarkPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WatermarkPoller.class);

    private final MemcachedNodes nodes;
    private final List<String> keys;
    private final Clock clock;
    private final Map<String, Instant> watermarks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;

    WatermarkPoller(MemcachedNodes nodes, Duration interval, Clock clock, MeterRegistry meters) {
        this.nodes = nodes;
        this.keys = Watermarks.keys(nodes.ring(), Topics.NAME_CHANGES_PARTITIONS);
        this.clock = clock;
        for (MemcachedNode node : nodes.nodes()) {
            Gauge.builder("names.cache.watermark.age", this, poller -> poller.ageSeconds(node.name()))
                    .description("How far back this node's invalidations are known complete (now - W); NaN while"
                            + " unknown. Entries older than the staleness bound are refused while it exceeds it.")
                    .baseUnit("seconds")
                    .tag("node", node.name())
                    .register(meters);
        }
        poll();
        this.poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("watermark-poll").factory());
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The watermark of the node that holds {@code key}, or null if unknown. */
    public Instant watermarkFor(String key) {
        return watermarks.get(nodes.ring().nodeFor(key));
    }

    void poll() {
        for (MemcachedNode node : nodes.nodes()) {
            try {
                Map<String, String> values = node.client().get(keys);
                Instant watermark = Watermarks.nodeWatermark(nodes.ring(), Topics.NAME_CHANGES_PARTITIONS, values);
                if (watermark != null) {
                    watermarks.merge(node.name(), watermark, (a, b) -> a.isAfter(b) ? a : b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // Its last W stays true; its keys fail on their own while it does not answer.
                log.debug("watermark poll of {} failed: {}", node.name(), e.toString());
            }
        }
    }

    private double ageSeconds(String node) {
        Instant watermark = watermarks.get(node);
        return watermark == null ? Double.NaN : Duration.between(watermark, clock.instant()).toMillis() / 1000.0;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
