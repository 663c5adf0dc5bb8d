package names.api.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import names.api.ApiIntegrationTest;
import names.api.TestFillGate;
import names.contract.cache.CacheKeys;
import org.junit.jupiter.api.Test;

class HerdTest extends ApiIntegrationTest {

    private static final int READERS = 20;

    @Test
    void concurrentReadersOfAColdKeyCauseExactlyOneDatabaseRead() throws Exception {
        String nconst = uniqueNconst();
        long version = insertName(nconst, "Popular", 1955);
        String key = CacheKeys.name(nconst);
        long dbReadsBefore = recordDbReads();
        double waitsBefore = counter("names.cache.lease.waits", Map.of());

        // The first reader to take the lease is held before its database read ...
        TestFillGate.Hold hold = gate.holdAt(TestFillGate.Point.LEASE_ACQUIRED, key::equals);
        List<CompletableFuture<HttpResponse<String>>> readers = new ArrayList<>();
        try {
            for (int i = 0; i < READERS; i++) {
                readers.add(getAsync("/names/" + nconst));
            }
            hold.awaitArrival();
            // ... until every other reader has found its lease and is waiting for the value.
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> counter("names.cache.lease.waits", Map.of()) - waitsBefore >= READERS - 1);
        } finally {
            gate.disarm(hold);
        }

        int misses = 0;
        for (CompletableFuture<HttpResponse<String>> reader : readers) {
            HttpResponse<String> response = reader.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("version").asLong()).isEqualTo(version);
            if ("miss".equals(xCache(response))) {
                misses++;
            } else {
                assertThat(xCache(response)).isEqualTo("hit");
            }
        }
        assertThat(misses).isEqualTo(1);
        assertThat(recordDbReads() - dbReadsBefore).isEqualTo(1);
    }
}
