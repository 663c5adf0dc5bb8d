package names.e2e.memcached;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.NameSnapshot;
import names.testsupport.SharedContainers;
import names.testsupport.TestMemcachedClients;
import net.rubyeye.xmemcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The raw protocol client reads exactly what the services' xmemcached client wrote, on a real memcached. */
class MemcachedTextClientTest {

    private static MemcachedClient services;
    private static MemcachedTextClient raw;

    @BeforeAll
    static void connect() {
        String address = SharedContainers.address(SharedContainers.memcached());
        services = TestMemcachedClients.connect("test", address);
        raw = new MemcachedTextClient(address, Duration.ofSeconds(2));
    }

    @AfterAll
    static void close() throws Exception {
        raw.close();
        services.shutdown();
    }

    @Test
    void readsAnEntryWrittenByTheServicesClientByteForByte() throws Exception {
        String key = "names:v1:test:" + UUID.randomUUID();
        NameSnapshot name = new NameSnapshot("nm0000001", "Zoë Ångström\r\nEND", 1950, null,
                List.of("actress"), List.of("tt0000001"), 7);
        String encoded = CacheEntryCodec.encode(new CacheEntry.Found(name));
        services.set(key, 60, encoded);

        assertThat(raw.get(key)).contains(encoded);
        assertThat(CacheEntryCodec.decode(raw.get(key).orElseThrow())).isEqualTo(new CacheEntry.Found(name));
    }

    @Test
    void reportsAnAbsentKeyAsEmpty() throws Exception {
        assertThat(raw.get("names:v1:test:absent:" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void readsStatsCountersThatMoveWithTraffic() throws Exception {
        long before = Long.parseLong(raw.stats().get("cmd_get"));
        raw.get("names:v1:test:counted");
        assertThat(Long.parseLong(raw.stats().get("cmd_get"))).isEqualTo(before + 1);
    }

    @Test
    void refusesKeysThatWouldBreakTheTextProtocol() {
        assertThatThrownBy(() -> raw.get("two words")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> raw.get("x".repeat(251))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failsFastOnAnUnreachableNodeAndReconnectsOnTheNextCall() throws Exception {
        try (MemcachedTextClient nowhere = new MemcachedTextClient("localhost:1", Duration.ofMillis(500))) {
            assertThatThrownBy(() -> nowhere.get("names:v1:test:any")).isInstanceOf(java.io.IOException.class);
        }
    }
}
