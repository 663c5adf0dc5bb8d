package names.api.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.http.HttpResponse;
import java.time.Duration;

import names.api.ApiIntegrationTest;
import names.contract.cache.CacheKeys;
import names.testsupport.SharedContainers;
import org.junit.jupiter.api.Test;

/** PostgreSQL stops answering (paused, not stopped: other classes share it). */
class DatabaseOutageTest extends ApiIntegrationTest {

    /** Hikari's connection timeout / the socket timeout, plus slack: completes rather than hangs. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    @Test
    void aDeadDatabaseIsA503ProblemAndNothingIsCachedWhileCachedNamesAreStillServed() throws Exception {
        String cachedName = uniqueNconst();
        insertName(cachedName, "Already Cached", 1922);
        assertThat(xCache(get("/names/" + cachedName))).isEqualTo("miss");
        String coldName = uniqueNconst();
        insertName(coldName, "Never Read", 1923);

        SharedContainers.pause(SharedContainers.postgres());
        try {
            HttpResponse<String> cold = assertTimeoutPreemptively(BOUND, () -> get("/names/" + coldName));
            assertThat(cold.statusCode()).isEqualTo(503);
            assertThat(cold.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(cold).get("status").asInt()).isEqualTo(503);
            assertThat(cold.headers().firstValue("Retry-After")).isPresent();
            // at most the reader's lease, which expires; never a value from a failed read
            assertThat(cached(CacheKeys.name(coldName))).satisfiesAnyOf(
                    value -> assertThat(value).isNull(),
                    value -> assertThat(value).startsWith("L:"));

            HttpResponse<String> warm = assertTimeoutPreemptively(BOUND, () -> get("/names/" + cachedName));
            assertThat(warm.statusCode()).isEqualTo(200);
            assertThat(xCache(warm)).isEqualTo("hit");
        } finally {
            SharedContainers.unpause(SharedContainers.postgres());
        }

        // the pool recovers on its own; wait for it so later tests start from a healthy database
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/names?birthYear=1923").statusCode() == 200);
    }
}
