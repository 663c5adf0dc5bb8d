package names.tools.lag;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;

/**
 * Sentinels on EVERY node of the pool, each reached through its own client. Waiting until the sentinel
 * vanishes from ANY node needs no agreement with the invalidator's ring (which a tool given bare
 * {@code host:port} entries would not have); the copies on the other nodes are removed afterwards.
 */
public final class SentinelNodes implements AutoCloseable {

    /** Long enough for any sampled write to finish; short enough that a killed run leaves no litter behind. */
    private static final int SENTINEL_TTL_SECONDS = 120;

    private final MemcachedNodes pool;
    private final List<MemcachedNode> nodes;
    private final long timeoutMillis;

    /** Takes the pool over: {@link #close()} closes it. */
    public SentinelNodes(MemcachedNodes pool) {
        this.pool = pool;
        this.nodes = pool.nodes();
        this.timeoutMillis = pool.settings().operationTimeout().toMillis();
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code node}'s address as this tool reaches it. */
    public String address(int node) {
        return nodes.get(node).address();
    }

    /** Puts {@code value} under {@code key} on every node (plain set: this is the test harness, not a reader). */
    public void placeEverywhere(String key, String value) throws Exception {
        for (MemcachedNode node : nodes) {
            if (!node.client().set(key, SENTINEL_TTL_SECONDS, value, timeoutMillis)) {
                throw new IllegalStateException("memcached refused to store the sentinel under " + key + " on " + node);
            }
        }
    }

    /** One multi-get on one node: the values it holds for {@code keys} (keys it lacks are absent). */
    public Map<String, String> getAll(int node, Collection<String> keys) throws Exception {
        Map<String, String> found = nodes.get(node).client().get(keys, timeoutMillis);
        return found == null ? Map.of() : found;
    }

    /** Removes the sentinel copies the invalidator never touches (nodes that do not own the key). */
    public void removeLeftovers(String key, String value) throws Exception {
        for (MemcachedNode node : nodes) {
            if (value.equals(node.client().get(key, timeoutMillis))) {
                node.client().delete(key, timeoutMillis);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
