package names.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import net.rubyeye.xmemcached.MemcachedClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

class MemcachedEnvironmentTest {

    @Test
    void everyNodeStoresReturnsAndDeletesAValue() throws Exception {
        for (GenericContainer<?> node : SharedContainers.memcachedNodes()) {
            MemcachedClient client = TestMemcachedClients.connect("environment", SharedContainers.address(node));
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
