package names.bench.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import names.memcached.MemcachedNodes;
import names.memcached.MemcachedPoolSettings;
import net.rubyeye.xmemcached.MemcachedClient;

/**
 * One client per memcached node, each a single-server pool, so a sentinel can be placed on and watched
 * on EVERY node. The benchmark runs on the host and reaches the nodes as localhost:11211/11212, while the
 * invalidator hashes the compose names (memcached-1:11211, ...): a host-side ring would not agree with its
 * ring about which node owns a key. Writing to all nodes and waiting until the sentinel vanishes from ANY
 * of them needs no knowledge of the ring; the copy on the other node(s) is removed afterwards.
 */
public final class SentinelNodes implements AutoCloseable {

    /** Long enough for any sampled write to finish; short enough that a killed run leaves no litter behind. */
    private static final int SENTINEL_TTL_SECONDS = 120;

    private final List<String> addresses;
    private final List<MemcachedClient> clients;
    private final long timeoutMillis;

    private SentinelNodes(List<String> addresses, List<MemcachedClient> clients, long timeoutMillis) {
        this.addresses = addresses;
        this.clients = clients;
        this.timeoutMillis = timeoutMillis;
    }

    public static SentinelNodes connect(List<String> addresses, Duration operationTimeout) {
        List<MemcachedClient> clients = new ArrayList<>();
        for (String address : addresses) {
            // One connection per node: xmemcached pipelines the writers' sets and the poller's gets over it.
            clients.add(MemcachedNodes.connect(new MemcachedPoolSettings("bench-" + address,
                    List.of(address), operationTimeout, Duration.ofSeconds(2), 1, Duration.ofSeconds(1)))
                    .nodes().getFirst().client());
        }
        return new SentinelNodes(List.copyOf(addresses), List.copyOf(clients), operationTimeout.toMillis());
    }

    public int size() {
        return clients.size();
    }

    public String address(int node) {
        return addresses.get(node);
    }

    /** Puts {@code value} under {@code key} on every node (plain set: this is the test harness, not a reader). */
    public void placeEverywhere(String key, String value) throws Exception {
        for (MemcachedClient client : clients) {
            if (!client.set(key, SENTINEL_TTL_SECONDS, value, timeoutMillis)) {
                throw new IllegalStateException("memcached refused to store the sentinel under " + key);
            }
        }
    }

    /** One multi-get on one node: the values it holds for {@code keys} (keys it lacks are absent). */
    public Map<String, String> getAll(int node, Collection<String> keys) throws Exception {
        Map<String, String> found = clients.get(node).get(keys, timeoutMillis);
        return found == null ? Map.of() : found;
    }

    /** Removes the sentinel copies the invalidator never touches (nodes that do not own the key). */
    public void removeLeftovers(String key, String value) throws Exception {
        for (MemcachedClient client : clients) {
            if (value.equals(client.get(key, timeoutMillis))) {
                client.delete(key, timeoutMillis);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (MemcachedClient client : clients) {
            client.shutdown();
        }
    }
}
