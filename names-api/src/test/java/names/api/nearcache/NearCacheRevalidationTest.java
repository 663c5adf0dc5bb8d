package names.api.nearcache;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import names.api.cache.StalenessBound;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.testsupport.SharedContainers;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache with revalidation on: copies that are read stay near-cached while memcached still holds
 * their version, a change reaches near-cache readers in about one interval, and a revalidation never carries a
 * copy past what the node's watermark proves.
 */
@TestPropertySource(properties = {
    "names.api.cache.near.enabled=true",
    "names.api.cache.near.revalidate-interval=" + NearCacheRevalidationTest.INTERVAL_MILLIS + "ms",
    "names.api.cache.max-staleness=" + NearCacheRevalidationTest.BOUND_MILLIS + "ms",
    "names.api.cache.watermark-poll-interval=50ms"
})
class NearCacheRevalidationTest extends NearCacheIntegrationTestBase {

    static final long BOUND_MILLIS = 2000;
    static final long INTERVAL_MILLIS = 100;
    private static final Duration BOUND = Duration.ofMillis(BOUND_MILLIS);

    @Test
    void aCopyReadSteadilyStaysNearCachedLongPastTheBoundWhileMemcachedHoldsItsVersion() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Harold Lloyd", 1893);
        nearCache(nconst);
        double confirmedBefore = counter("names.cache.near.revalidations", Map.of("result", "confirmed"));

        // Two and a half bounds of steady reads: without revalidation the copy goes back to memcached at least twice.
        Instant until = Instant.now().plus(BOUND.multipliedBy(5).dividedBy(2));
        List<String> notNear = new ArrayList<>();
        int reads = 0;
        while (Instant.now().isBefore(until)) {
            String outcome = xCache(get("/names/" + nconst));
            reads++;
            if (!"near".equals(outcome)) {
                notNear.add(outcome);
            }
        }

        System.out.printf("%d reads over %d ms: not near %s%n", reads, BOUND_MILLIS * 5 / 2, notNear);
        assertThat(notNear).as("every read answered from the near cache").isEmpty();
        assertThat(counter("names.cache.near.revalidations", Map.of("result", "confirmed")))
                .as("the copy was proven again by revalidation").isGreaterThan(confirmedBefore);
    }

    @Test
    void aWriteReachesNearCacheReadersWellBeforeTheBound() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Mabel Normand", 1892);
        nearCache(nconst);
        double droppedBefore = counter("names.cache.near.revalidations", Map.of("result", "dropped"));

        renameName(nconst, "Amabel Ethelreid Normand");
        // The invalidator's delete, at a time the copy's own proof is fresh: only revalidation drops it before S.
        Instant deletedAt = Instant.now();
        invalidate(CacheKeys.name(nconst));
        ReadsUntilNew reads = readUntilNew(nconst, "Mabel Normand", deletedAt, BOUND);

        Duration visibleAfter = Duration.between(deletedAt, reads.newAt());
        System.out.printf("new value served %d ms after memcached's delete (revalidate every %d ms, bound %d ms);"
                + " outcomes %s%n", visibleAfter.toMillis(), INTERVAL_MILLIS, BOUND_MILLIS, reads.outcomes());
        assertThat(json(reads.response()).get("primaryName").asString()).isEqualTo("Amabel Ethelreid Normand");
        assertThat(visibleAfter).as("visible well before S").isLessThan(BOUND.dividedBy(2));
        assertThat(counter("names.cache.near.revalidations", Map.of("result", "dropped")))
                .as("revalidation dropped the copy").isGreaterThan(droppedBefore);
    }

    @Test
    void withTheInvalidatorStoppedRevalidationNeverCarriesACopyPastTheBound() throws Exception {
        String nconst = uniqueNconst();
        String key = CacheKeys.name(nconst);
        insertName(nconst, "Roscoe Arbuckle", 1887);
        nearCache(nconst);
        Instant readAt = ((CacheEntry.Found) CacheEntryCodec.decode(cached(key))).readAt();

        // No more watermarks and no delete: memcached keeps confirming the copy's version, and nothing may vouch
        // for it beyond the last W the api can have polled.
        stopInvalidator();
        Instant provenAt = StalenessBound.provenAt(lastWatermark, readAt);
        renameName(nconst, "Roscoe Conkling Arbuckle");

        ReadsUntilNew reads = readUntilNew(nconst, "Roscoe Arbuckle", provenAt, BOUND);

        System.out.printf("new value served %d ms after the last watermark/read time (bound %d ms), %d near hits"
                + " before; outcomes %s%n", Duration.between(provenAt, reads.newAt()).toMillis(), BOUND_MILLIS,
                reads.nearHits(), reads.outcomes());
        HttpResponse<String> response = reads.response();
        assertThat(json(response).get("primaryName").asString()).isEqualTo("Roscoe Conkling Arbuckle");
        assertThat(xCache(response)).isEqualTo("refused");
        assertThat(reads.nearHits()).as("the copy was served after the change, until the rule refused it").isPositive();
        assertThat(counter("names.cache.near.revalidations", Map.of("result", "confirmed")))
                .as("revalidation ran meanwhile (and confirmed the unchanged entry)").isPositive();
    }

    @Test
    void withItsMemcachedNodePausedACopyIsServedOnlyWithinTheBound() throws Exception {
        String nconst = uniqueNconst();
        String key = CacheKeys.name(nconst);
        insertName(nconst, "Marie Dressler", 1868);
        nearCache(nconst);
        Instant readAt = ((CacheEntry.Found) CacheEntryCodec.decode(cached(key))).readAt();
        double failedBefore = counter("names.cache.near.revalidations", Map.of("result", "failed"));

        // A paused node takes no watermarks and no deletes, and answers no revalidation.
        stopInvalidator();
        Instant provenAt = StalenessBound.provenAt(lastWatermark, readAt);
        SharedContainers.pause(SharedContainers.memcached());
        ReadsUntilNew reads;
        try {
            renameName(nconst, "Leila Marie Koerber");
            reads = readUntilNew(nconst, "Marie Dressler", provenAt, BOUND);
        } finally {
            SharedContainers.unpause(SharedContainers.memcached());
        }

        System.out.printf("memcached paused: new value served %d ms after the last watermark/read time (bound %d"
                + " ms), %d near hits before; outcomes %s%n", Duration.between(provenAt, reads.newAt()).toMillis(),
                BOUND_MILLIS, reads.nearHits(), reads.outcomes());
        assertThat(json(reads.response()).get("primaryName").asString()).isEqualTo("Leila Marie Koerber");
        assertThat(reads.nearHits()).as("the copy was served while the node was paused, within the bound").isPositive();
        assertThat(counter("names.cache.near.revalidations", Map.of("result", "failed")))
                .as("revalidation against the paused node failed and proved nothing").isGreaterThan(failedBefore);
    }
}
