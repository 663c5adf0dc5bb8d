package names.api.name;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import names.api.ApiIntegrationTest;
import names.contract.Topics;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.CachedPage;
import names.contract.cache.NamePage;
import names.contract.cache.NameSnapshot;
import names.memcached.KetamaRing;
import names.memcached.Watermarks;
import names.testsupport.SharedContainers;
import names.api.cache.CacheFreshness;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The staleness bound through the api, with no invalidator: the test writes the node's watermarks itself
 * (or not) and changes PostgreSQL behind the cache's back, as an operator's SQL with the pipeline down would.
 */
// Closed after the class: its watermark poller would otherwise keep reading the shared node while the
// tests that count memcached commands run.
@DirtiesContext
@TestPropertySource(properties = {
    "names.api.cache.max-staleness=" + BoundedStalenessTest.BOUND_MILLIS + "ms",
    "names.api.cache.watermark-poll-interval=50ms",
    "names.api.cache.stale-if-error=true"
})
class BoundedStalenessTest extends ApiIntegrationTest {

    static final long BOUND_MILLIS = 1000;
    private static final Duration BOUND = Duration.ofMillis(BOUND_MILLIS);
    /** The api's ring: one node, named by its address. */
    private static final KetamaRing RING = new KetamaRing(List.of(SharedContainers.address(SharedContainers.memcached())));

    @Autowired
    CacheFreshness freshness;

    @AfterEach
    void forgetTheWatermark() throws Exception {
        for (String key : Watermarks.keys(RING, Topics.NAME_CHANGES_PARTITIONS)) {
            memcached().delete(key);
        }
    }

    @Test
    void aChangeTheCacheNeverHeardOfIsServedWithinTheBoundAndThenCachedAgain() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Mabel Normand", 1892);
        assertThat(xCache(get("/names/" + nconst))).isEqualTo("miss");
        assertThat(xCache(get("/names/" + nconst))).isEqualTo("hit");

        renameName(nconst, "Mabel Ethelreid Normand");
        long changed = System.nanoTime();
        // No invalidation comes: only the entry's read time ages past the bound.
        HttpResponse<String> refreshed = await().atMost(BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> get("/names/" + nconst), r -> json(r).get("primaryName").asString().equals("Mabel Ethelreid Normand"));
        long tookMillis = (System.nanoTime() - changed) / 1_000_000;

        System.out.printf("new value served %d ms after the change (bound %d ms)%n", tookMillis, BOUND_MILLIS);
        assertThat(xCache(refreshed)).isEqualTo("refused");
        assertThat(tookMillis).isLessThan(BOUND.plusSeconds(3).toMillis());
        assertThat(xCache(get("/names/" + nconst))).as("the refused entry was replaced by a fresh fill").isEqualTo("hit");
        assertThat(cachedRecord(CacheKeys.name(nconst)).primaryName()).isEqualTo("Mabel Ethelreid Normand");
        assertThat(counter("names.cache.requests", java.util.Map.of("kind", "record", "outcome", "stale_refused")))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRecentWatermarkVouchesForAnOldEntryUntilItStopsAdvancing() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Theda Bara", 1885);
        NameSnapshot cachedOnly = new NameSnapshot(nconst, "Theda Bara (cached)", 1885, null, List.of("actress"),
                List.of(), 1);
        memcached().set(CacheKeys.name(nconst), 3600,
                CacheEntryCodec.encode(new CacheEntry.Found(cachedOnly, Instant.now().minus(Duration.ofHours(1)))));

        assertThat(xCache(get("/names/" + nconst))).as("an hour-old read, no watermark").isEqualTo("refused");
        Instant watermark = Instant.now();
        writeWatermark(watermark);
        await().atMost(Duration.ofSeconds(10)).until(() -> freshness.watermarkFor(CacheKeys.name(nconst)) != null);
        memcached().set(CacheKeys.name(nconst), 3600,
                CacheEntryCodec.encode(new CacheEntry.Found(cachedOnly, Instant.now().minus(Duration.ofHours(1)))));
        HttpResponse<String> vouched = get("/names/" + nconst);
        assertThat(xCache(vouched)).isEqualTo("hit");
        assertThat(json(vouched).get("primaryName").asString()).isEqualTo("Theda Bara (cached)");

        // The invalidator stops: the watermark stays where it was and the entry is refused once it is older than S.
        HttpResponse<String> refused = await().atMost(BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> get("/names/" + nconst), r -> "refused".equals(xCache(r)));
        Duration sinceWatermark = Duration.between(watermark, Instant.now());
        System.out.printf("entry refused %d ms after the watermark stopped (bound %d ms)%n",
                sinceWatermark.toMillis(), BOUND_MILLIS);
        assertThat(sinceWatermark).isGreaterThanOrEqualTo(BOUND);
        assertThat(json(refused).get("primaryName").asString()).isEqualTo("Theda Bara");
    }

    @Test
    void aPageIsServedByTheGenerationNodesWatermarkOrItsReadTimeAndReplacedWhenNeither() throws Exception {
        int year = uniqueBirthYear();
        String nconst = uniqueNconst();
        insertName(nconst, "Lon Chaney", year);
        String path = "/names?birthYear=" + year;
        assertThat(xCache(get(path))).isEqualTo("miss");
        String generation = cached(CacheKeys.birthYearGeneration(year));
        String pageKey = CacheKeys.birthYearPage(year, generation, null, 20);
        CachedPage page = CacheEntryCodec.decodeCachedPage(cached(pageKey));
        assertThat(page.readAt()).isNotNull();

        // An old page under the current generation: only a recent watermark of the generation's node serves it.
        NamePage old = new NamePage(List.of(new NameSnapshot(nconst, "Lon Chaney (old)", year, null, List.of(), List.of(), 1)), null);
        writeWatermark(Instant.now());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> freshness.watermarkFor(CacheKeys.birthYearGeneration(year)) != null);
        memcached().set(pageKey, 300, CacheEntryCodec.encodePage(new CachedPage(old, Instant.now().minus(Duration.ofHours(1)))));
        HttpResponse<String> vouched = get(path);
        assertThat(xCache(vouched)).isEqualTo("hit");
        assertThat(json(vouched).get("items").get(0).get("primaryName").asString()).isEqualTo("Lon Chaney (old)");

        HttpResponse<String> refused = await().atMost(BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> get(path), r -> "refused".equals(xCache(r)));
        assertThat(json(refused).get("items").get(0).get("primaryName").asString()).isEqualTo("Lon Chaney");
        assertThat(xCache(get(path))).as("replaced in place by the fresh page").isEqualTo("hit");
        assertThat(CacheEntryCodec.decodeCachedPage(cached(pageKey)).page().items().getFirst().primaryName())
                .isEqualTo("Lon Chaney");
    }

    @Test
    void withStaleIfErrorARefusedEntryIsServedMarkedStaleWhilePostgresFails() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Clara Bow", 1905);
        NameSnapshot cachedOnly = new NameSnapshot(nconst, "Clara Bow (cached)", 1905, null, List.of(), List.of(), 1);
        memcached().set(CacheKeys.name(nconst), 3600,
                CacheEntryCodec.encode(new CacheEntry.Found(cachedOnly, Instant.now().minus(Duration.ofHours(1)))));

        SharedContainers.pause(SharedContainers.postgres());
        HttpResponse<String> stale;
        try {
            stale = get("/names/" + nconst);
        } finally {
            SharedContainers.unpause(SharedContainers.postgres());
        }

        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(xCache(stale)).isEqualTo("stale");
        assertThat(stale.headers().firstValue("Warning")).hasValueSatisfying(w -> assertThat(w).startsWith("110"));
        assertThat(json(stale).get("primaryName").asString()).isEqualTo("Clara Bow (cached)");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/names?birthYear=1905").statusCode() == 200);
    }

    private static void writeWatermark(Instant closedAt) throws Exception {
        for (String key : Watermarks.keys(RING, Topics.NAME_CHANGES_PARTITIONS)) {
            memcached().set(key, 3600, Watermarks.encode(closedAt));
        }
    }
}
