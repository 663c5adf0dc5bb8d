package names.memcached;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One memcached pool: a set of nodes that share keys by consistent hashing ({@link KetamaRing}). Bound from
 * each service's configuration properties, so the API and the invalidator describe a pool the same way.
 *
 * @param name label for metrics and logs, e.g. a zone
 * @param servers every node, as {@code host:port} or {@code name=host:port} ({@link MemcachedNodeSpec}); the
 *     ring hashes the names, and their order does not matter
 * @param operationTimeout how long one get/add/cas/delete may take before it counts as a failure. Short
 *     on the read path, so that a dead or paused node costs readers tens of milliseconds, not seconds
 * @param connectTimeout how long to wait for a TCP connection to a node
 * @param connectionsPerServer xmemcached connections per node (its NIO sessions are multiplexed)
 * @param reconnectInterval how often a lost node is retried
 */
public record MemcachedPoolSettings(
        @DefaultValue("default") String name,
        @DefaultValue("localhost:11211") List<String> servers,
        @DefaultValue("50ms") Duration operationTimeout,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("1") int connectionsPerServer,
        @DefaultValue("1s") Duration reconnectInterval) {

    public MemcachedPoolSettings {
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("a memcached pool needs at least one server");
        }
        servers = List.copyOf(servers);
        Set<String> names = new HashSet<>();
        for (String server : servers) {
            if (!names.add(MemcachedNodeSpec.parse(server).name())) {
                throw new IllegalArgumentException("memcached node named twice: " + server);
            }
        }
    }

    /** The nodes, parsed from {@link #servers()}. */
    public List<MemcachedNodeSpec> nodes() {
        return servers.stream().map(MemcachedNodeSpec::parse).toList();
    }

    /** The same settings with another operation timeout (tools and tests wait longer than the read path). */
    public MemcachedPoolSettings withOperationTimeout(Duration timeout) {
        return new MemcachedPoolSettings(name, servers, timeout, connectTimeout, connectionsPerServer,
                reconnectInterval);
    }

    public static MemcachedPoolSettings of(String name, List<String> servers) {
        return new MemcachedPoolSettings(name, servers, Duration.ofMillis(50), Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1));
    }
}
