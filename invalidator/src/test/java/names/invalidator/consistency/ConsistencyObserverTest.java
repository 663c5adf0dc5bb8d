package names.invalidator.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.CachedPage;
import names.contract.cache.NamePage;
import names.contract.cache.NameSnapshot;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeType;
import names.invalidator.InvalidatorIntegrationTest;
import names.memcached.consistency.ConsistencyLedger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The invalidation checks on real Kafka and memcached. The shared context runs windows of 1 s, 3 s and 6 s
 * and a budget of 6000 pending checks. Stale entries are planted the way an operator would: written back
 * into the node after the change's delete was seen applied.
 */
class ConsistencyObserverTest extends InvalidatorIntegrationTest {

    @Autowired
    InvalidationObserver observer;

    @Test
    void anOldRecordWrittenBackAfterTheChangeWasAppliedIsFoundInTheNextWindowCountedAndDeleted() throws Exception {
        String nconst = newNconstOn(NODE_A);
        String key = CacheKeys.name(nconst);
        set(key, record(nconst, 4));
        // Earlier tests' checks all made: the next first-window check counted is this change's.
        awaitNoChecksPending();
        double firstWindowChecks = counter(ConsistencyLedger.CHECKS, "source", "invalidation", "window", "1s");
        double inSecondWindow = inconsistencies("3s", "record");
        double inFirstWindow = inconsistencies("1s", "record");
        double repaired = counter(ConsistencyLedger.REPAIRS, "source", "invalidation", "result", "deleted");

        publish(change(NameChangeType.UPDATED, nconst, 5, Instant.now()));
        await().until(() -> get(key) == null);
        // Once the first window (1 s) has looked and found nothing, the entry comes back behind the system's back.
        await().until(() -> counter(ConsistencyLedger.CHECKS, "source", "invalidation", "window", "1s")
                > firstWindowChecks);
        set(key, record(nconst, 4));

        await().untilAsserted(() -> assertThat(inconsistencies("3s", "record")).isEqualTo(inSecondWindow + 1));
        assertThat(get(key)).isNull();
        assertThat(inconsistencies("1s", "record")).isEqualTo(inFirstWindow);
        assertThat(counter(ConsistencyLedger.REPAIRS, "source", "invalidation", "result", "deleted"))
                .isEqualTo(repaired + 1);
        assertThat(httpGet("/actuator/consistency").body())
                .contains(key).contains("\"found\":\"version 4\"").contains("\"expected\":\"version >= 5\"")
                .contains("\"repair\":\"DELETED\"").contains(nodeName(NODE_A));
    }

    @Test
    void legitimateRefillsAfterTheChangeAreNotInconsistencies() throws Exception {
        String updated = newNconst();
        String created = newNconst();
        String deleted = newNconst();
        double before = allInconsistencies();
        double checks = counter(ConsistencyLedger.CHECKS, "source", "invalidation", "window", "6s");
        Instant committedAt = Instant.now().minusMillis(200);

        // Entries from before the change, so that their disappearance shows each event applied (the three
        // go to different partitions: one applied says nothing about the others).
        set(CacheKeys.name(updated), record(updated, 4));
        set(CacheKeys.name(created), CacheEntryCodec.encode(new CacheEntry.NotFound(committedAt.minusSeconds(1))));
        set(CacheKeys.name(deleted), record(deleted, 8));
        publish(change(NameChangeType.UPDATED, updated, 5, committedAt));
        publish(change(NameChangeType.CREATED, created, 8, committedAt));
        publish(change(NameChangeType.DELETED, deleted, 9, committedAt));
        await().until(() -> get(CacheKeys.name(updated)) == null && get(CacheKeys.name(created)) == null
                && get(CacheKeys.name(deleted)) == null);
        // What readers that leased after the deletes store: the new version (or a newer one), a not-found
        // marker read after the commit, the deleted name's marker, a reader's lease.
        set(CacheKeys.name(updated), record(updated, 5));
        set(CacheKeys.name(created), CacheEntryCodec.encode(new CacheEntry.NotFound(Instant.now())));
        set(CacheKeys.name(deleted), CacheEntryCodec.encode(new CacheEntry.NotFound(committedAt.minusSeconds(60))));
        // Every window has judged the three refills (the last one included) before the verdict is read.
        await().until(() -> counter(ConsistencyLedger.CHECKS, "source", "invalidation", "window", "6s")
                >= checks + 3);
        awaitNoChecksPending();
        set(CacheKeys.name(updated), record(updated, 6));

        assertThat(counter(ConsistencyLedger.CHECKS, "source", "invalidation", "window", "6s"))
                .isGreaterThanOrEqualTo(checks + 3);
        assertThat(allInconsistencies()).isEqualTo(before);
        assertThat(get(CacheKeys.name(updated))).startsWith("R:6:");
        assertThat(get(CacheKeys.name(created))).isNotNull();
        assertThat(get(CacheKeys.name(deleted))).isNotNull();
    }

    @Test
    void aNotFoundMarkerReadBeforeACreateAndADeletedNamesLastVersionAreInconsistent() {
        String created = newNconst();
        String deleted = newNconst();
        Instant committedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        double notFound = allInconsistencies("not_found");
        double records = allInconsistencies("record");

        publish(change(NameChangeType.CREATED, created, 3, committedAt));
        publish(change(NameChangeType.DELETED, deleted, 7, committedAt));
        await().until(() -> get(CacheKeys.name(created)) == null && get(CacheKeys.name(deleted)) == null);
        set(CacheKeys.name(created), CacheEntryCodec.encode(new CacheEntry.NotFound(committedAt.minusMillis(1))));
        set(CacheKeys.name(deleted), record(deleted, 7));

        await().untilAsserted(() -> {
            assertThat(allInconsistencies("not_found")).isEqualTo(notFound + 1);
            assertThat(allInconsistencies("record")).isEqualTo(records + 1);
        });
        assertThat(get(CacheKeys.name(created))).isNull();
        assertThat(get(CacheKeys.name(deleted))).isNull();
    }

    @Test
    void anOldGenerationWrittenBackIsFoundByItsPageAndDeletedAFreshOneIsLeftAlone() throws Exception {
        int year = newBirthYear();
        int freshYear = newBirthYear();
        String generationKey = CacheKeys.birthYearGeneration(year);
        String freshKey = CacheKeys.birthYearGeneration(freshYear);
        Instant committedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        double pages = allInconsistencies("page");

        publish(change(NameChangeType.UPDATED, newNconst(), 2, committedAt, year));
        publish(change(NameChangeType.UPDATED, newNconst(), 2, committedAt, freshYear));
        await().until(() -> get(generationKey) == null && get(freshKey) == null);
        set(generationKey, "old0generation");
        set(CacheKeys.birthYearPage(year, "old0generation", null, 20), page(committedAt.minusSeconds(1)));
        set(freshKey, "new0generation");
        set(CacheKeys.birthYearPage(freshYear, "new0generation", null, 20), page(Instant.now()));

        await().untilAsserted(() -> assertThat(allInconsistencies("page")).isEqualTo(pages + 1));
        assertThat(get(generationKey)).isNull();
        // The fresh generation's last window has looked too.
        awaitNoChecksPending();
        assertThat(get(freshKey)).isEqualTo("new0generation");
        assertThat(allInconsistencies("page")).isEqualTo(pages + 1);
    }

    @Test
    void aBurstBeyondTheBudgetIsShedAndCountedWhileEveryInvalidationIsApplied() {
        List<String> names = IntStream.range(0, 3000).mapToObj(i -> newNconst()).toList();
        names.subList(0, 50).forEach(nconst -> set(CacheKeys.name(nconst), record(nconst, 1)));
        double shed = counter(ConsistencyLedger.SHED, "source", "invalidation");

        names.forEach(nconst -> publishAsync(change(NameChangeType.UPDATED, nconst, 2, Instant.now())));

        await().untilAsserted(() -> {
            assertThat(names.subList(0, 50)).allSatisfy(nconst -> assertThat(get(CacheKeys.name(nconst))).isNull());
            assertThat(counter(ConsistencyLedger.SHED, "source", "invalidation")).isGreaterThan(shed);
        });
        assertThat(observer.pending()).isLessThanOrEqualTo(6000);
        assertThat(httpGet("/actuator/consistency").body()).contains("checks shed since start");
        System.out.printf("burst of %d events on 2 nodes: %.0f (event, window) checks shed%n", names.size(),
                counter(ConsistencyLedger.SHED, "source", "invalidation") - shed);
        // Leave the budget free for the next test class sharing this context.
        await().until(() -> observer.pending() == 0);
    }

    @Test
    void prometheusAndTheEndpointShowTheObserver() {
        String nconst = newNconst();
        publish(change(NameChangeType.UPDATED, nconst, 2, Instant.now()));
        await().untilAsserted(() -> assertThat(httpGet("/actuator/prometheus").body())
                .contains("names_consistency_checks_total{application=\"invalidator\",source=\"invalidation\",window=\"1s\"}")
                .contains("names_consistency_nines{application=\"invalidator\",source=\"invalidation\"}")
                .contains("names_consistency_shed_total")
                .contains("names_consistency_repairs_total"));
        assertThat(httpGet("/actuator/consistency").body()).contains("\"enabled\":true").contains("\"verdict\"")
                .contains("\"windows\":[\"1s\",\"3s\",\"6s\"]");
    }

    /** Every (event, window) check the observer had queued has been made. */
    private void awaitNoChecksPending() {
        await().until(() -> observer.pending() == 0);
    }

    private double inconsistencies(String window, String kind) {
        return counter(ConsistencyLedger.INCONSISTENCIES, "source", "invalidation", "window", window, "kind", kind);
    }

    private double allInconsistencies(String kind) {
        return meters.find(ConsistencyLedger.INCONSISTENCIES).tag("kind", kind).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private double allInconsistencies() {
        return meters.find(ConsistencyLedger.INCONSISTENCIES).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static NameChangeEvent change(NameChangeType type, String nconst, long version, Instant committedAt) {
        return change(type, nconst, version, committedAt, null);
    }

    private static NameChangeEvent change(NameChangeType type, String nconst, long version, Instant committedAt,
            Integer birthYear) {
        return NameChangeEvent.of(UUID.randomUUID(), type, nconst, version, type == NameChangeType.CREATED ? null : birthYear,
                type == NameChangeType.DELETED ? null : birthYear, committedAt);
    }

    private static String record(String nconst, long version) {
        return CacheEntryCodec.encode(new CacheEntry.Found(
                new NameSnapshot(nconst, "Someone", 1950, null, List.of("actor"), List.of(), version), Instant.now()));
    }

    private static String page(Instant readAt) {
        return CacheEntryCodec.encodePage(new CachedPage(new NamePage(List.of(), null), readAt));
    }
}
