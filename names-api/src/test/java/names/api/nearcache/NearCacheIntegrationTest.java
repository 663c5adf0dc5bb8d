package names.api.nearcache;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import names.api.ApiIntegrationTest;
import names.api.cache.CacheFreshness;
import names.contract.Topics;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.memcached.KetamaRing;
import names.memcached.Watermarks;
import names.testsupport.SharedContainers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near cache through the api on real PostgreSQL and memcached. No invalidator runs: the test plays its
 * part, writing the node's watermark every 100 ms while "the pipeline is healthy", and stopping when "the
 * invalidator stops" (then the last W it wrote is the one the api can have polled).
 */
// Its own context (near cache on, bound on), closed after the class so its poller stops reading the shared node.
@DirtiesContext
@TestPropertySource(properties = {
    "names.api.cache.near.enabled=true",
    "names.api.cache.max-staleness=" + NearCacheIntegrationTest.BOUND_MILLIS + "ms",
    "names.api.cache.watermark-poll-interval=50ms"
})
class NearCacheIntegrationTest extends ApiIntegrationTest {

    static final long BOUND_MILLIS = 1000;
    private static final Duration BOUND = Duration.ofMillis(BOUND_MILLIS);
    /** The api's ring: one node, named by its address. */
    private static final KetamaRing RING = new KetamaRing(List.of(SharedContainers.address(SharedContainers.memcached())));

    @Autowired
    CacheFreshness freshness;

    @Autowired
    NearCache near;

    private ScheduledExecutorService invalidator;
    private volatile Instant lastWatermark;

    @BeforeEach
    void pipelineHealthy() {
        invalidator = Executors.newSingleThreadScheduledExecutor();
        invalidator.scheduleWithFixedDelay(() -> writeWatermark(Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> freshness.watermarkFor(CacheKeys.name("nm0000001")) != null);
    }

    @AfterEach
    void forgetTheWatermark() throws Exception {
        stopInvalidator();
        for (String key : Watermarks.keys(RING, Topics.NAME_CHANGES_PARTITIONS)) {
            memcached().delete(key);
        }
    }

    @Test
    void aNearHitAnswersTheSameBytesAndHeadersAsTheMemcachedHitItCopied() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Louise Brooks", 1906);
        assertThat(xCache(get("/names/" + nconst))).isEqualTo("miss");
        HttpResponse<String> hit = get("/names/" + nconst);
        assertThat(xCache(hit)).isEqualTo("hit");

        HttpResponse<String> nearHit = get("/names/" + nconst);

        assertThat(xCache(nearHit)).isEqualTo("near");
        assertThat(nearHit.statusCode()).isEqualTo(hit.statusCode());
        assertThat(nearHit.body()).isEqualTo(hit.body());
        for (String header : List.of("ETag", "Content-Type", "Cache-Control", "Content-Length")) {
            assertThat(nearHit.headers().firstValue(header)).as(header).isEqualTo(hit.headers().firstValue(header));
        }
        String etag = nearHit.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> notModified = get("/names/" + nconst, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(xCache(notModified)).isEqualTo("near");
        assertThat(counter("names.cache.requests", Map.of("kind", "record", "outcome", "near_hit")))
                .isGreaterThanOrEqualTo(2);
        assertThat(get("/names/" + nconst + "?minVersion=" + (Long.parseLong(etag.replace("\"", "")) + 1)))
                .as("a copy older than minVersion is not served").satisfies(r -> assertThat(xCache(r)).isNotEqualTo("near"));

        var report = json(get("/actuator/hotkeys"));
        boolean reported = false;
        for (var line : report) {
            if (line.get("key").asString().equals(nconst)) {
                reported = true;
                assertThat(line.get("nearCached").asBoolean()).isTrue();
            }
        }
        assertThat(reported).as("the near-cached name is in the hot-keys report").isTrue();
    }

    @Test
    void withTheInvalidatorStoppedACopyIsNeverServedOlderThanTheBound() throws Exception {
        assertOldValueServedOnlyWithinTheBound(false);
    }

    /** The strict promise is what the near cache gives up: the copy outlives memcached's delete, within S. */
    @Test
    void aCopyOutlivesMemcachedsDeleteButNotTheBound() throws Exception {
        assertOldValueServedOnlyWithinTheBound(true);
    }

    private void assertOldValueServedOnlyWithinTheBound(boolean deleteApplied) throws Exception {
        String nconst = uniqueNconst();
        String key = CacheKeys.name(nconst);
        insertName(nconst, "Buster Keaton", 1895);
        get("/names/" + nconst);
        get("/names/" + nconst);
        assertThat(xCache(get("/names/" + nconst))).isEqualTo("near");
        Instant readAt = ((CacheEntry.Found) CacheEntryCodec.decode(cached(key))).readAt();

        stopInvalidator();
        Instant provenAt = lastWatermark.isAfter(readAt) ? lastWatermark : readAt;
        renameName(nconst, "Joseph Frank Keaton");
        if (deleteApplied) {
            invalidate(key);
        }

        List<String> served = new ArrayList<>();
        AtomicInteger nearHits = new AtomicInteger();
        AtomicReference<Instant> sentAt = new AtomicReference<>();
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        // Read every 20 ms until the new value is served: each old answer must lie within the rule.
        await().atMost(BOUND.plusSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    sentAt.set(Instant.now());
                    HttpResponse<String> response = get("/names/" + nconst);
                    last.set(response);
                    boolean old = json(response).get("primaryName").asString().equals("Buster Keaton");
                    served.add(xCache(response) + (old ? "(old)" : "(new)"));
                    if (old) {
                        // The api served it at some time after sentAt, under the rule: sentAt - max(W, readAt) <= S.
                        assertThat(Duration.between(provenAt, sentAt.get()))
                                .as("old value served %s after its proof", Duration.between(provenAt, sentAt.get()))
                                .isLessThanOrEqualTo(BOUND);
                    }
                    if ("near".equals(xCache(response))) {
                        nearHits.incrementAndGet();
                    }
                    return !old;
                });
        HttpResponse<String> response = last.get();

        System.out.printf("delete applied: %s; new value served %d ms after the last watermark/read time (bound %d"
                + " ms), %d near hits before; outcomes %s%n", deleteApplied, Duration.between(provenAt, sentAt.get()).toMillis(),
                BOUND_MILLIS, nearHits.get(), compress(served));
        assertThat(json(response).get("primaryName").asString()).isEqualTo("Joseph Frank Keaton");
        assertThat(xCache(response)).isEqualTo(deleteApplied ? "miss" : "refused");
        assertThat(nearHits.get()).as("the copy was served after the change, until the rule refused it").isPositive();
        assertThat(near.holds(nconst)).isFalse();
    }

    private void stopInvalidator() throws InterruptedException {
        invalidator.shutdownNow();
        invalidator.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void writeWatermark(Instant closedAt) {
        try {
            for (String key : Watermarks.keys(RING, Topics.NAME_CHANGES_PARTITIONS)) {
                memcached().set(key, 3600, Watermarks.encode(closedAt));
            }
            lastWatermark = closedAt;
        } catch (Exception e) {
            // A watermark not written is one the api cannot have polled: lastWatermark stays the older one.
        }
    }

    /** "near(old) x12, refused(new)" rather than thirteen entries. */
    private static String compress(List<String> served) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < served.size(); ) {
            int j = i;
            while (j < served.size() && served.get(j).equals(served.get(i))) {
                j++;
            }
            runs.add(served.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(", ", runs);
    }
}
