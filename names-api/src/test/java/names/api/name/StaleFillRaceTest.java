package names.api.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import names.api.ApiIntegrationTest;
import names.api.TestFillGate;
import names.contract.cache.CacheKeys;
import names.contract.cache.NameSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The race the protocol exists for: a reader reads the old row, a write commits and is invalidated, and
 * only then does the reader try to fill. Replayed deterministically by holding the reader at the
 * {@link names.api.cache.FillGate} between its database read and its fill.
 */
class StaleFillRaceTest extends ApiIntegrationTest {

    @Test
    void aFillThatLostItsLeaseToAnInvalidationNeverStoresTheOldValue() throws Exception {
        String nconst = uniqueNconst();
        long oldVersion = insertName(nconst, "Old Name", 1990);
        String key = CacheKeys.name(nconst);
        TestFillGate.Hold hold = gate.holdAt(TestFillGate.Point.BEFORE_FILL, key::equals);
        try {
            CompletableFuture<HttpResponse<String>> readerA = getAsync("/names/" + nconst);
            hold.awaitArrival(); // A has read the OLD row and holds its lease

            long newVersion = renameName(nconst, "New Name");
            invalidate(key); // what the invalidator does after the commit
            hold.release();

            HttpResponse<String> a = readerA.get(30, TimeUnit.SECONDS);
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(json(a).get("version").asLong()).isEqualTo(oldVersion); // read before the commit: fine
            assertThat(xCache(a)).isEqualTo("miss");

            NameSnapshot inCache = cachedRecord(key);
            assertThat(inCache == null || inCache.version() == newVersion)
                    .as("memcached must not hold the pre-invalidation value, found %s", inCache)
                    .isTrue();

            HttpResponse<String> next = get("/names/" + nconst);
            JsonNode body = json(next);
            assertThat(body.get("primaryName").asString()).isEqualTo("New Name");
            assertThat(body.get("version").asLong()).isEqualTo(newVersion);
        } finally {
            gate.disarm(hold);
        }
    }

    @Test
    void aPageReadBeforeAGenerationBumpIsStoredWhereNoLaterReaderLooks() throws Exception {
        int year = uniqueBirthYear();
        String first = uniqueNconst();
        String second = uniqueNconst();
        insertName(first, "Page One", year);
        insertName(second, "Page Two", year);
        String pagePrefix = "names:v1:by-year:" + year + ":";
        TestFillGate.Hold hold = gate.holdAt(TestFillGate.Point.BEFORE_FILL, key -> key.startsWith(pagePrefix));
        try {
            CompletableFuture<HttpResponse<String>> readerA = getAsync("/names?birthYear=" + year + "&limit=10");
            String pageKeyOfA = hold.awaitArrival(); // A read generation g1, then the old rows

            String third = uniqueNconst();
            insertName(third, "Page Three", year);
            invalidate(CacheKeys.birthYearGeneration(year));
            hold.release();

            HttpResponse<String> a = readerA.get(30, TimeUnit.SECONDS);
            assertThat(json(a).get("items")).hasSize(2);
            // A's stale page did land, but under the old generation nobody reads any more
            assertThat(cached(pageKeyOfA)).startsWith("P:");

            HttpResponse<String> next = get("/names?birthYear=" + year + "&limit=10");
            assertThat(json(next).get("items").values()).extracting(item -> item.get("nconst").asString())
                    .containsExactly(first, second, third);
            assertThat(xCache(next)).isEqualTo("miss");
            assertThat(xCache(get("/names?birthYear=" + year + "&limit=10"))).isEqualTo("hit");
        } finally {
            gate.disarm(hold);
        }
    }
}
