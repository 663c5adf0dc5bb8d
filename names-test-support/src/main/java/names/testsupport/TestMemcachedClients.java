package names.testsupport;

import java.time.Duration;
import java.util.List;

import names.memcached.MemcachedClientFactory;
import names.memcached.MemcachedPoolSettings;
import net.rubyeye.xmemcached.MemcachedClient;

/**
 * A single-node xmemcached client built by the services' own factory, for tests that plant or inspect
 * entries. The read path's 50 ms operation timeout is a production choice; a test's first request on a cold
 * JVM, with containers starting on the same two cores, can take longer, and that is not what tests assert.
 */
public final class TestMemcachedClients {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private TestMemcachedClients() {
    }

    /** @param address {@code host:port} of one memcached node */
    public static MemcachedClient connect(String name, String address) {
        return MemcachedClientFactory.connect(
                new MemcachedPoolSettings(name, List.of(address), TIMEOUT, TIMEOUT, 1, Duration.ofSeconds(1)));
    }
}
