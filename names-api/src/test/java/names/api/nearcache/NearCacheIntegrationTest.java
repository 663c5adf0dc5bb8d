package names.api.nearcache;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import names.api.cache.StalenessBound;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache's plain serve rule, revalidation off: a copy is served until its proof is S old, and not once
 * later, whatever memcached does meanwhile. {@link NearCacheRevalidationTest} has it on.
 */
@TestPropertySource(properties = {
    "names.api.cache.near.enabled=true",
    "names.api.cache.near.revalidate-interval=0",
    "names.api.cache.max-staleness=" + NearCacheIntegrationTest.BOUND_MILLIS + "ms",
    "names.api.cache.watermark-poll-interval=50ms"
})
class NearCacheIntegrationTest extends NearCacheIntegrationTestBase {

    static final long BOUND_MILLIS = 1000;
    private static final Duration BOUND = Duration.ofMillis(BOUND_MILLIS);

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
        Instant provenAt = StalenessBound.provenAt(lastWatermark, readAt);
        renameName(nconst, "Joseph Frank Keaton");
        if (deleteApplied) {
            invalidate(key);
        }

        ReadsUntilNew reads = readUntilNew(nconst, "Buster Keaton", provenAt, BOUND);

        System.out.printf("delete applied: %s; new value served %d ms after the last watermark/read time (bound %d"
                + " ms), %d near hits before; outcomes %s%n", deleteApplied, Duration.between(provenAt, reads.newAt()).toMillis(),
                BOUND_MILLIS, reads.nearHits(), reads.outcomes());
        HttpResponse<String> response = reads.response();
        assertThat(json(response).get("primaryName").asString()).isEqualTo("Joseph Frank Keaton");
        assertThat(xCache(response)).isEqualTo(deleteApplied ? "miss" : "refused");
        assertThat(reads.nearHits()).as("the copy was served after the change, until the rule refused it").isPositive();
        assertThat(near.holds(nconst)).isFalse();
    }
}
