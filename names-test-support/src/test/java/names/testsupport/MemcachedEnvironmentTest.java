package names.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import names.memcached.MemcachedClientFactory;
import names.memcached.MemcachedPoolSettings;
import net.rubyeye.xmemcached.MemcachedClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

class MemcachedEnvironmentTest {

    @Test
    void everyNodeStoresReturnsAndDeletesAValue() throws Exception {
        for (GenericContainer<?> node : SharedContainers.memcachedNodes()) {
            // The read path's 50 ms operation timeout is a production choice; here a first request on a cold
            // JVM while other containers start can take longer, and that is not what this test is about.
            MemcachedClient client = MemcachedClientFactory.connect(new MemcachedPoolSettings("environment",
                    List.of(SharedContainers.address(node)), Duration.ofSeconds(2), Duration.ofSeconds(2), 1,
                    Duration.ofSeconds(1)));
            try {
                assertThat(client.set("environment:key", 60, "value")).isTrue();
                assertThat(client.<String>get("environment:key")).isEqualTo("value");
                assertThat(client.delete("environment:key")).isTrue();
                assertThat(client.<String>get("environment:key")).isNull();
            } finally {
                client.shutdown();
            }
        }
    }
}
