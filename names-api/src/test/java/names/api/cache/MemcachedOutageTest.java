package names.api.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.http.HttpResponse;
import java.time.Duration;

import names.api.ApiIntegrationTest;
import names.testsupport.SharedContainers;
import org.junit.jupiter.api.Test;

class MemcachedOutageTest extends ApiIntegrationTest {

    /** A correctness bound (the request completes instead of hanging), not a performance claim. */
    private static final Duration BOUND = Duration.ofSeconds(2);

    @Test
    void readsSurviveAPausedMemcachedFromPostgresAndUseTheCacheAgainAfterwards() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Survivor", 1944);
        String path = "/names/" + nconst;
        assertThat(xCache(get(path))).isEqualTo("miss");
        assertThat(xCache(get(path))).isEqualTo("hit");

        SharedContainers.pause(SharedContainers.memcached());
        try {
            // enough reads to trip the breaker and then be turned away by it
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> response = assertTimeoutPreemptively(BOUND, () -> get(path));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(xCache(response)).isEqualTo("bypass");
                assertThat(json(response).get("primaryName").asString()).isEqualTo("Survivor");
            }
            HttpResponse<String> list = assertTimeoutPreemptively(BOUND, () -> get("/names?birthYear=1944"));
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(xCache(list)).isEqualTo("bypass");

            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
        } finally {
            SharedContainers.unpause(SharedContainers.memcached());
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "hit".equals(xCache(get(path))));
    }
}
