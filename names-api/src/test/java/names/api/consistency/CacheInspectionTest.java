package names.api.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import names.api.ApiIntegrationTest;
import names.contract.cache.CacheKeys;
import names.memcached.consistency.ConsistencyLedger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The cache inspection on real PostgreSQL and memcached. No invalidator runs in these tests: a name changed
 * in PostgreSQL leaves its old entry cached, which is exactly what a lost delete leaves. The sampler is off
 * in the shared context (recheck delay 1 s); the tests inspect their own names.
 */
class CacheInspectionTest extends ApiIntegrationTest {

    @Autowired
    CacheInspector inspector;

    @Test
    void anOldEntryStillThereAfterTheRecheckIsCountedAndDeletedAndTheNewValueIsServed() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Old Name", 1950);
        assertThat(get("/names/" + nconst).body()).contains("Old Name");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cached(CacheKeys.name(nconst)) != null
                && cached(CacheKeys.name(nconst)).startsWith("R:"));
        renameName(nconst, "New Name");
        assertThat(get("/names/" + nconst).body()).contains("Old Name");
        double before = inconsistencies();
        double repaired = counter(ConsistencyLedger.REPAIRS, Map.of("source", "inspection", "result", "deleted"));

        inspector.inspect(nconst);

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inconsistencies()).isEqualTo(before + 1));
        assertThat(counter(ConsistencyLedger.REPAIRS, Map.of("source", "inspection", "result", "deleted")))
                .isEqualTo(repaired + 1);
        assertThat(cached(CacheKeys.name(nconst))).isNull();
        assertThat(get("/names/" + nconst).body()).contains("New Name");
        assertThat(get("/actuator/consistency").body()).contains(CacheKeys.name(nconst))
                .contains("\"source\":\"inspection\"").contains("\"repair\":\"DELETED\"");
    }

    @Test
    void aMismatchThatTheInvalidationFixesBeforeTheRecheckIsNotAnInconsistency() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Old Name", 1950);
        get("/names/" + nconst);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cached(CacheKeys.name(nconst)) != null
                && cached(CacheKeys.name(nconst)).startsWith("R:"));
        renameName(nconst, "New Name");
        double before = inconsistencies();
        double checks = counter(ConsistencyLedger.CHECKS, Map.of("source", "inspection"));

        inspector.inspect(nconst);
        // the change's delete arrives, and a reader refills with the new version
        invalidate(CacheKeys.name(nconst));
        assertThat(get("/names/" + nconst).body()).contains("New Name");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inspector.pendingRechecks() == 0);

        assertThat(counter(ConsistencyLedger.CHECKS, Map.of("source", "inspection"))).isEqualTo(checks + 1);
        assertThat(inconsistencies()).isEqualTo(before);
        assertThat(cached(CacheKeys.name(nconst))).contains("New Name");
    }

    @Test
    void aCurrentEntryAndAMissingNameAreCheckedAndConsistent() throws Exception {
        String current = uniqueNconst();
        String missing = uniqueNconst();
        insertName(current, "Someone", 1950);
        get("/names/" + current);
        get("/names/" + missing);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cached(CacheKeys.name(current)) != null
                && cached(CacheKeys.name(current)).startsWith("R:") && cached(CacheKeys.name(missing)) != null
                && cached(CacheKeys.name(missing)).startsWith("N:"));
        double before = inconsistencies();
        double checks = counter(ConsistencyLedger.CHECKS, Map.of("source", "inspection"));

        inspector.inspect(current);
        inspector.inspect(missing);

        assertThat(counter(ConsistencyLedger.CHECKS, Map.of("source", "inspection"))).isEqualTo(checks + 2);
        assertThat(inspector.pendingRechecks()).isZero();
        assertThat(inconsistencies()).isEqualTo(before);
        assertThat(get("/actuator/prometheus").body())
                .contains("names_consistency_checks_total{application=\"names-api\",source=\"inspection\",window=\"inspection\"}")
                .contains("names_consistency_nines{application=\"names-api\",source=\"inspection\"}");
    }

    private double inconsistencies() {
        return meters.find(ConsistencyLedger.INCONSISTENCIES).tag("source", "inspection").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
