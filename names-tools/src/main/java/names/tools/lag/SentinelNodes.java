package names.tools.lag;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.RingMarker;

/**
 * Where the lag benchmark puts its sentinels and looks for them: on the node that owns each key when every
 * node's ring marker says the invalidator deletes by the tool's own ring, else on EVERY node.
 *
 * <p>Owner only is the cheap way: a sentinel on a node that does not own the key is never deleted by the
 * per-node invalidator, so looking at it is wasted work, and the tool shares the two cores with the stack it
 * measures. Polling both nodes every millisecond, each multi-get a hand-off to the client's reactor thread,
 * cost the tool and memcached more CPU than the invalidator's own deletes. The ring marker check is what
 * makes watching one node safe: with bare {@code host:port} entries, or a ring that differs from the
 * invalidator's, the owner the tool computes may not be the node that gets the delete. Then every node is
 * watched, and the sentinel counts as gone when it vanishes from ANY node, which needs no agreement.
 */
public final class SentinelNodes implements AutoCloseable {

    /** Long enough for any sampled write to finish; short enough that a killed run leaves no litter behind. */
    private static final int SENTINEL_TTL_SECONDS = 120;

    private final MemcachedNodes pool;
    private final List<MemcachedNode> nodes;
    private final long timeoutMillis;
    private final boolean ownerOnly;
    private final String placement;

    /**
     * Takes the pool over ({@link #close()} closes it) and reads every node's ring marker once, to decide
     * between owner only and every node.
     */
    public SentinelNodes(MemcachedNodes pool) {
        this.pool = pool;
        this.nodes = pool.nodes();
        this.timeoutMillis = pool.settings().operationTimeout().toMillis();
        String disagreement = ringDisagreement();
        this.ownerOnly = disagreement == null;
        this.placement = ownerOnly
                ? "on the owning node only (every node's ring marker lists the tool's ring)"
                : "on every node, gone when gone from any (" + disagreement + ")";
    }

    /** Why the owner the tool computes may not be where the invalidator deletes, or null if it is. */
    private String ringDisagreement() {
        for (MemcachedNode node : nodes) {
            String marker;
            try {
                marker = node.client().get(RingMarker.KEY, timeoutMillis);
            } catch (Exception e) {
                return "ring marker unreadable on " + node + ": " + e;
            }
            RingMarker.Agreement agreement = RingMarker.check(marker, pool.ring(), node.name());
            if (agreement != RingMarker.Agreement.AGREES) {
                return "ring marker on " + node + ": " + agreement;
            }
        }
        return null;
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code node}'s address as this tool reaches it. */
    public String address(int node) {
        return nodes.get(node).address();
    }

    /** Where sentinels go and are looked for, and why; for the report. */
    public String placement() {
        return placement;
    }

    /** Whether the sentinel under {@code key} is put on and looked for on node {@code node}. */
    public boolean watches(int node, String key) {
        return !ownerOnly || nodes.get(node) == pool.nodeFor(key);
    }

    /**
     * Puts {@code value} under {@code key} on each node that {@link #watches} it (plain set: this is the test
     * harness, not a reader).
     */
    public void place(String key, String value) throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            if (watches(i, key) && !nodes.get(i).client().set(key, SENTINEL_TTL_SECONDS, value, timeoutMillis)) {
                throw new IllegalStateException("memcached refused to store the sentinel under " + key + " on "
                        + nodes.get(i));
            }
        }
    }

    /** One multi-get on one node: the values it holds for {@code keys} (keys it lacks are absent). */
    public Map<String, String> getAll(int node, Collection<String> keys) throws Exception {
        Map<String, String> found = nodes.get(node).client().get(keys, timeoutMillis);
        return found == null ? Map.of() : found;
    }

    /**
     * Removes the sentinel copies still in place: those on nodes the invalidator does not delete on, or all of
     * them after a failed write or a timeout. A value that is not this sentinel (a reader's fill) is left alone.
     */
    public void removeLeftovers(String key, String value) throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            MemcachedNode node = nodes.get(i);
            if (watches(i, key) && value.equals(node.client().get(key, timeoutMillis))) {
                node.client().delete(key, timeoutMillis);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
