package names.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import names.contract.cache.CacheEntry;
import names.contract.cache.NameSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invalidations survive outages: nothing is lost while a consumer or a cache node is away. */
class OutageRecoveryE2ETest extends E2ETestBase {

    private static final int NAMES = 20;
    /** A restarted invalidator is a JVM starting on two busy cores. */
    private static final Duration RESTART = Duration.ofMinutes(3);

    @Test
    void everyKeyConvergesAfterTheInvalidatorWasStoppedDuring100WritesAndStartedAgain() throws Exception {
        Map<String, Long> latest = createAndCache(NAMES);
        List<String> nconsts = List.copyOf(latest.keySet());
        Map<String, NameSnapshot> cachedBefore = new HashMap<>();
        for (String nconst : nconsts) {
            cachedBefore.put(nconst, api.get(nconst).name());
        }

        stack.stop(ComposeStack.INVALIDATOR);
        try {
            for (int i = 0; i < 100; i++) {
                String nconst = nconsts.get(i % NAMES);
                latest.put(nconst, replace(name(nconst, "Round " + i, 1900 + i % 7)).version());
            }
            // The outage is real: with nobody invalidating, memcached keeps the versions cached before it.
            for (String nconst : nconsts) {
                assertThat(cached(nconst).values()).as(nconst).containsExactly(new CacheEntry.Found(cachedBefore.get(nconst)));
            }
        } finally {
            stack.start(ComposeStack.INVALIDATOR);
        }

        await("every name converges after the restart").atMost(RESTART).untilAsserted(() -> {
            for (String nconst : nconsts) {
                long version = latest.get(nconst);
                assertThat(api.get(nconst).version()).as(nconst).isEqualTo(version);
                assertThat(cached(nconst).values()).as(nconst)
                        .isNotEmpty()
                        .allSatisfy(entry -> assertThat(entry).isInstanceOfSatisfying(CacheEntry.Found.class,
                                found -> assertThat(found.name().version()).isEqualTo(version)));
            }
        });
        await("invalidator healthy again").atMost(RESTART)
                .until(() -> "healthy".equals(stack.health(ComposeStack.INVALIDATOR)));
    }

    @Test
    void noStaleEntryRemainsOnAnyNodeAfterAMemcachedNodeWasPausedDuringWrites() throws Exception {
        Map<String, Long> created = createAndCache(NAMES);
        List<String> nconsts = List.copyOf(created.keySet());
        assertThat(namesHeldBy(ComposeStack.MEMCACHED_1, nconsts))
                .as("names cached on the node about to be paused").isNotEmpty();

        double retriesBefore = invalidatorRetries();
        stack.pause(ComposeStack.MEMCACHED_1);
        try {
            for (int round = 0; round < 3; round++) {
                for (String nconst : nconsts) {
                    replace(name(nconst, "Paused Round " + round, 1930 + round));
                }
            }
            // Reads go on without the paused node (served from Postgres).
            for (String nconst : nconsts) {
                assertThat(api.get(nconst).status()).isEqualTo(200);
            }
            // Every change reached Kafka while the node was unreachable: the invalidator had to hold on to them.
            await("change log relayed").atMost(PROPAGATION)
                    .until(() -> stack.psql("SELECT count(*) FROM name_changes_pending").equals("0"));
            await("the invalidator retrying against the paused node").atMost(PROPAGATION)
                    .until(() -> invalidatorRetries() > retriesBefore);
        } finally {
            stack.unpause(ComposeStack.MEMCACHED_1);
        }

        await("no stale entry on any node").atMost(PROPAGATION).untilAsserted(() -> {
            Map<String, Long> postgres = postgresVersions(nconsts);
            for (String nconst : nconsts) {
                long version = postgres.get(nconst);
                assertThat(api.get(nconst).version()).as(nconst).isEqualTo(version);
                assertThat(cached(nconst).values()).as(nconst).allSatisfy(entry ->
                        assertThat(entry).isInstanceOfSatisfying(CacheEntry.Found.class,
                                found -> assertThat(found.name().version()).isEqualTo(version)));
            }
        });
    }

    /** Creates names and reads each until the api serves it from the cache; returns nconst → version. */
    private static Map<String, Long> createAndCache(int count) throws Exception {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String nconst = newNconst();
            versions.put(nconst, create(name(nconst, "Outage Name " + i, 1920)).version());
        }
        // The creates' own invalidations must not remove what is cached next.
        awaitPipelineIdle();
        versions.forEach(ChangePropagationE2ETest::awaitCachedVersion);
        return versions;
    }

    /** names.invalidation.retries from the invalidator's Prometheus endpoint: batches that failed and were retried. */
    private static double invalidatorRetries() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                stack.invalidatorUri().resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines()
                .filter(line -> line.startsWith("names_invalidation_retries_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static Map<String, Long> postgresVersions(List<String> nconsts) {
        String list = String.join("','", nconsts);
        Map<String, Long> versions = new HashMap<>();
        stack.psql("SELECT nconst, version FROM names WHERE nconst IN ('" + list + "')").lines().forEach(line -> {
            String[] columns = line.split("\\|");
            versions.put(columns[0], Long.parseLong(columns[1]));
        });
        return versions;
    }
}
