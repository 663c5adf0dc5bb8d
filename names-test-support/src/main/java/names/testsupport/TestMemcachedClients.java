package names.testsupport;

import java.time.Duration;
import java.util.List;

import names.memcached.MemcachedNodes;
import names.memcached.MemcachedPoolSettings;
import net.rubyeye.xmemcached.MemcachedClient;

/**
 * memcached clients built by the services' own names-memcached, for tests that plant or inspect entries.
 * The read path's 50 ms operation timeout is a production choice; a test's first request on a cold JVM,
 * with containers starting on the same two cores, can take longer, and that is not what tests assert.
 */
public final class TestMemcachedClients {

    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private TestMemcachedClients() {
    }

    /** @param address {@code host:port} of one memcached node */
    public static MemcachedClient connect(String name, String address) {
        return pool(name, List.of(address)).nodes().getFirst().client();
    }

    /** A pool over {@code servers} with the services' ring and a test's patience. */
    public static MemcachedNodes pool(String name, List<String> servers) {
        return MemcachedNodes.connect(MemcachedPoolSettings.of(name, servers).withOperationTimeout(TIMEOUT));
    }
}
