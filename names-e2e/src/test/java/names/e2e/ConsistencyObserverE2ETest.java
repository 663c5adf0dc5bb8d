package names.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.NameSnapshot;
import names.memcached.MemcachedNode;
import names.tools.report.PrometheusCounter;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's operator experiment on the compose stack: a name's old entry written back into memcached
 * after its change was applied (what a lost delete or a stale fill leaves). The invalidator's consistency
 * observer notices it, counts it, deletes it; the api then serves the new value.
 */
class ConsistencyObserverE2ETest extends E2ETestBase {

    @Test
    void anOldEntryWrittenBackAfterItsChangeWasAppliedIsRepairedAndTheApiThenServesTheNewValue() throws Exception {
        String nconst = newNconst();
        int year = newBirthYear();
        long old = create(name(nconst, "Iris Old", year)).version();
        long current = replace(name(nconst, "Iris Current", year)).version();
        awaitPipelineIdle();
        double before = inconsistencies();

        String key = CacheKeys.name(nconst);
        MemcachedNode owner = memcached.nodeFor(key);
        String stale = CacheEntryCodec.encode(new CacheEntry.Found(
                new NameSnapshot(nconst, "Iris Old", year, null, List.of("actor"), List.of("tt0000001"), old),
                Instant.now()));
        assertThat(owner.client().set(key, 0, stale)).as("planted on %s", owner).isTrue();
        Instant planted = Instant.now();
        // Served as it is: nothing else in the system would remove it before its TTL.
        assertThat(api.get(nconst).version()).as("api right after planting").isEqualTo(old);

        await("observer repairs the entry").atMost(ComposeStack.OBSERVER_LAST_WINDOW.plus(PROPAGATION))
                // One read per look: two could straddle the repair's delete (present, then null).
                .until(() -> !stale.equals(get(owner, key)));
        Duration repairedAfter = Duration.between(planted, Instant.now());
        await("inconsistency counted").atMost(PROPAGATION).until(() -> inconsistencies() >= before + 1);

        assertThat(api.get(nconst).version()).as("api after the repair").isEqualTo(current);
        String summary = invalidator("/actuator/consistency");
        assertThat(summary).contains(key).contains("\"found\":\"version " + old + "\"")
                .contains("\"repair\":\"DELETED\"");
        System.out.printf("planted stale entry repaired after %d ms (last window %s)%n", repairedAfter.toMillis(),
                ComposeStack.OBSERVER_LAST_WINDOW);
        assertThat(repairedAfter).as("repaired within the longest window (plus slack for a loaded machine)")
                .isLessThan(ComposeStack.OBSERVER_LAST_WINDOW.plus(PROPAGATION));
    }

    private static double inconsistencies() throws Exception {
        return PrometheusCounter.sum(invalidator("/actuator/prometheus"), "names_consistency_inconsistencies_total")
                .orElse(0);
    }
}
