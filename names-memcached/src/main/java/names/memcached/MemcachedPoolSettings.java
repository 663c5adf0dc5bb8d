package names.memcached;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One memcached pool: a set of servers that share keys by consistent hashing. Bound from each service's
 * configuration properties, so the API and the invalidator describe a pool the same way.
 *
 * @param name label for metrics and logs, e.g. a zone
 * @param servers {@code host:port} of every node; order does not matter to ketama hashing
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
    }

    public static MemcachedPoolSettings of(String name, List<String> servers) {
        return new MemcachedPoolSettings(name, servers, Duration.ofMillis(50), Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1));
    }
}
