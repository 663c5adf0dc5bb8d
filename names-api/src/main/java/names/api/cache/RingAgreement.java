package names.api.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.RingMarker;
import names.memcached.RingMarker.Agreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this api and the invalidator route keys by the same ring, node by node ({@link RingMarker}).
 *
 * <p>If they do not (different node lists, names, or two nodes' addresses swapped), the api would fill
 * keys on nodes where the invalidator never deletes them, and serve them stale until their TTL with
 * nothing failing. So any node whose marker names other rings turns the cache off for every read (the
 * mapping is wrong for keys of every node, not just that one) until the markers agree again; health says
 * why. A node without a marker (no invalidator has written it yet, or it restarted empty) is reported as
 * unknown and does not stop the cache.
 *
 * <p>Checked once before the first read and then periodically, on a thread of its own: the read path
 * only reads a volatile flag.
 */
public final class RingAgreement implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RingAgreement.class);

    private final MemcachedNodes nodes;
    private final ScheduledExecutorService checker;
    private volatile Map<String, String> status = Map.of();
    private volatile boolean agrees = true;

    RingAgreement(MemcachedNodes nodes, java.time.Duration interval) {
        this.nodes = nodes;
        check();
        this.checker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ring-check").factory());
        checker.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** False while some node's marker shows the invalidator deleting by another ring. */
    public boolean allowsCache() {
        return agrees;
    }

    /** Per node: agrees, unknown, disagrees (with the marker), or unreachable. */
    public Map<String, String> status() {
        return status;
    }

    void check() {
        Map<String, String> next = new LinkedHashMap<>();
        boolean allAgree = true;
        for (MemcachedNode node : nodes.nodes()) {
            String marker;
            try {
                marker = node.client().get(RingMarker.KEY);
            } catch (Exception e) {
                // An unreachable node changes nothing about agreement: its keys fail on their own.
                next.put(node.name(), "unreachable: " + e.getClass().getSimpleName());
                continue;
            }
            Agreement agreement = RingMarker.check(marker, nodes.ring(), node.name());
            if (agreement == Agreement.DISAGREES) {
                allAgree = false;
                next.put(node.name(), "disagrees: this api uses " + nodes.ring() + " and calls this node "
                        + node.name() + "; the invalidator marked it: " + marker.replace('\n', ';'));
            } else {
                next.put(node.name(), agreement.name().toLowerCase());
            }
        }
        if (!allAgree && agrees) {
            log.error("memcached ring mismatch, reading PostgreSQL only until it is fixed: {}", next);
        } else if (allAgree && !agrees) {
            log.info("memcached ring agrees with the invalidator again: {}", next);
        }
        status = Map.copyOf(next);
        agrees = allAgree;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
