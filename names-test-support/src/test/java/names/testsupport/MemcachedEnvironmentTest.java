package names.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

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
            MemcachedClient client = MemcachedClientFactory.connect(
                    MemcachedPoolSettings.of("environment", List.of(SharedContainers.address(node))));
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
