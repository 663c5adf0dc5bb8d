package names.memcached;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memcached pool as every service and tool uses it: one client per node, and the {@link KetamaRing} that
 * says which node holds a key. Readers and the invalidator route each key through {@link #nodeFor(String)};
 * per-node work (the invalidator's per-node consumers, ring markers, checks on every node) goes through
 * {@link #nodes()}.
 *
 * <p>The ring comes from the configuration, not from the connections: a node that is down keeps its share
 * of the keys, whose operations fail fast until it is back. Rehashing them elsewhere would be a
 * consistency bug: the node's old entries would miss the deletes sent elsewhere meanwhile, and it would
 * serve them when it came back.
 */
public final class MemcachedNodes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MemcachedNodes.class);

    private final MemcachedPoolSettings settings;
    private final KetamaRing ring;
    private final Map<String, MemcachedNode> byName;

    private MemcachedNodes(MemcachedPoolSettings settings, Map<String, MemcachedNode> byName) {
        this.settings = settings;
        this.byName = byName;
        this.ring = new KetamaRing(byName.keySet());
    }

    /**
     * Starts a client per node and waits up to the connect timeout for all of them; a node that is not
     * reachable yet is retried in the background (its keys fail fast meanwhile).
     */
    public static MemcachedNodes connect(MemcachedPoolSettings settings) {
        Map<String, MemcachedNode> nodes = new LinkedHashMap<>();
        try {
            for (MemcachedNodeSpec spec : settings.nodes()) {
                nodes.put(spec.name(), new MemcachedNode(spec,
                        MemcachedClientFactory.connect(settings.name(), spec, settings)));
            }
        } catch (RuntimeException e) {
            nodes.values().forEach(MemcachedNodes::shutdown);
            throw e;
        }
        MemcachedNodes pool = new MemcachedNodes(settings, Map.copyOf(nodes));
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        while (!pool.allConnected() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(20_000_000L);
        }
        if (!pool.allConnected()) {
            log.warn("memcached pool {}: not connected yet to {}; retrying in the background", settings.name(),
                    pool.nodes().stream().filter(node -> !node.connected()).toList());
        }
        return pool;
    }

    public String name() {
        return settings.name();
    }

    public MemcachedPoolSettings settings() {
        return settings;
    }

    public KetamaRing ring() {
        return ring;
    }

    /** Every node, in ring order (sorted by name). */
    public List<MemcachedNode> nodes() {
        return ring.nodes().stream().map(byName::get).toList();
    }

    /** @throws IllegalArgumentException if the pool has no node of that name */
    public MemcachedNode node(String name) {
        MemcachedNode node = byName.get(name);
        if (node == null) {
            throw new IllegalArgumentException("memcached pool " + name() + " has no node " + name);
        }
        return node;
    }

    /** The node that holds {@code key}. */
    public MemcachedNode nodeFor(String key) {
        return byName.get(ring.nodeFor(key));
    }

    /** {@code keys} grouped by the node that holds them; nodes without keys are left out. */
    public Map<MemcachedNode, List<String>> byNode(Collection<String> keys) {
        Map<MemcachedNode, List<String>> grouped = new LinkedHashMap<>();
        for (String key : keys) {
            grouped.computeIfAbsent(nodeFor(key), node -> new ArrayList<>()).add(key);
        }
        return grouped;
    }

    public boolean allConnected() {
        return byName.values().stream().allMatch(MemcachedNode::connected);
    }

    @Override
    public void close() {
        byName.values().forEach(MemcachedNodes::shutdown);
    }

    private static void shutdown(MemcachedNode node) {
        try {
            node.client().shutdown();
        } catch (Exception e) {
            log.warn("closing the memcached client of {} failed", node, e);
        }
    }
}
