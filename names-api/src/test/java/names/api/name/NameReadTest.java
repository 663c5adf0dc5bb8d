package names.api.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import names.api.ApiIntegrationTest;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.NameSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NameReadTest extends ApiIntegrationTest {

    @Test
    void aCachedRecordIsServedFromMemcachedWithoutTouchingPostgres() throws Exception {
        // Only in memcached, not in PostgreSQL: a 200 proves the cache answered.
        String nconst = uniqueNconst();
        NameSnapshot cachedOnly = new NameSnapshot(nconst, "Only In Cache", 1950, null, List.of("actor"),
                List.of(), 42);
        memcached().set(CacheKeys.name(nconst), 60, CacheEntryCodec.encode(new CacheEntry.Found(cachedOnly)));
        long dbReadsBefore = recordDbReads();

        HttpResponse<String> response = get("/names/" + nconst);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(xCache(response)).isEqualTo("hit");
        assertThat(json(response).get("primaryName").asString()).isEqualTo("Only In Cache");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"42\"");
        assertThat(recordDbReads()).isEqualTo(dbReadsBefore);
    }

    @Test
    void aMissReadsPostgresAndFillsSoTheNextReadIsAHit() throws Exception {
        String nconst = uniqueNconst();
        long version = insertName(nconst, "Fill Me", 1961);

        HttpResponse<String> first = get("/names/" + nconst);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(xCache(first)).isEqualTo("miss");
        JsonNode body = json(first);
        assertThat(body.get("nconst").asString()).isEqualTo(nconst);
        assertThat(body.get("primaryName").asString()).isEqualTo("Fill Me");
        assertThat(body.get("birthYear").asInt()).isEqualTo(1961);
        assertThat(body.get("deathYear").isNull()).isTrue();
        assertThat(body.get("primaryProfessions").values()).extracting(JsonNode::asString)
                .containsExactly("actor", "writer");
        assertThat(body.get("knownForTitles").values()).extracting(JsonNode::asString).containsExactly("tt0000001");
        assertThat(body.get("version").asLong()).isEqualTo(version);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"" + version + "\"");

        // R:<version>:<read time in micros>:<json>
        assertThat(cached(CacheKeys.name(nconst))).matches("R:" + version + ":\\d+:.*").endsWith(":" + first.body());

        HttpResponse<String> second = get("/names/" + nconst);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(xCache(second)).isEqualTo("hit");
        assertThat(json(second).get("version").asLong()).isEqualTo(version);
    }

    @Test
    void aHitAnswersTheStoredJsonByteForByteTheSameAsTheMiss() throws Exception {
        String nconst = uniqueNconst();
        // Non-ASCII: the text body must go out as UTF-8, like the JSON encoder's did.
        long version = insertName(nconst, "Zoë Ångström \"Ø\"", 1962);

        HttpResponse<String> miss = get("/names/" + nconst);
        HttpResponse<String> hit = get("/names/" + nconst);

        assertThat(xCache(miss)).isEqualTo("miss");
        assertThat(xCache(hit)).isEqualTo("hit");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(cached(CacheKeys.name(nconst))).matches("R:" + version + ":\\d+:.*").endsWith(":" + hit.body());
        assertThat(json(hit).get("primaryName").asString()).isEqualTo("Zoë Ångström \"Ø\"");
        for (HttpResponse<String> response : List.of(miss, hit)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().firstValue("ETag")).hasValue("\"" + version + "\"");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        }
    }

    @Test
    void aLegacyEntryWithoutVersionPrefixIsStillServed() throws Exception {
        // As an older api wrote it: R:<json>. Only in memcached, so a 200 proves the cache answered.
        String nconst = uniqueNconst();
        String json = JSON.writeValueAsString(new NameSnapshot(nconst, "Old Format", 1940, null,
                List.of("actor"), List.of(), 17));
        memcached().set(CacheKeys.name(nconst), 60, "R:" + json);

        HttpResponse<String> response = get("/names/" + nconst);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(xCache(response)).isEqualTo("hit");
        assertThat(response.body()).isEqualTo(json);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"17\"");
    }

    @Test
    void anEntryWithACorruptVersionPrefixIsReadFromPostgresAndLeftAlone() throws Exception {
        String nconst = uniqueNconst();
        long version = insertName(nconst, "Corrupt Prefix", 1963);
        String key = CacheKeys.name(nconst);
        String corrupt = "R:v" + version + ":{\"primaryName\":\"wrong\"}";
        memcached().set(key, 60, corrupt);

        HttpResponse<String> response = get("/names/" + nconst);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(xCache(response)).isEqualTo("bypass");
        assertThat(json(response).get("primaryName").asString()).isEqualTo("Corrupt Prefix");
        assertThat(cached(key)).isEqualTo(corrupt);
    }

    @Test
    void anUnknownNameIsCachedAsNotFoundAndTheSecondReadIsA404Hit() throws Exception {
        String nconst = uniqueNconst();

        HttpResponse<String> first = get("/names/" + nconst);
        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(xCache(first)).isEqualTo("miss");
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(first).get("status").asInt()).isEqualTo(404);

        assertThat(cached(CacheKeys.name(nconst))).matches("N:\\d+");

        HttpResponse<String> second = get("/names/" + nconst);
        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(xCache(second)).isEqualTo("hit");
    }

    @Test
    void aMatchingIfNoneMatchGets304WithoutBody() throws Exception {
        String nconst = uniqueNconst();
        long version = insertName(nconst, "Conditional", 1970);
        String etag = get("/names/" + nconst).headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + version + "\"");

        HttpResponse<String> notModified = get("/names/" + nconst, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(xCache(notModified)).isEqualTo("hit");

        HttpResponse<String> changed = get("/names/" + nconst, "If-None-Match", "\"" + (version - 1) + "\"");
        assertThat(changed.statusCode()).isEqualTo(200);
    }

    @Test
    void minVersionAboveTheCachedVersionBypassesTheCacheWithoutFillingIt() throws Exception {
        String nconst = uniqueNconst();
        long oldVersion = insertName(nconst, "Before", 1980);
        assertThat(xCache(get("/names/" + nconst))).isEqualTo("miss");
        // A direct update with no invalidation: the cache keeps the old version.
        long newVersion = renameName(nconst, "After");
        assertThat(newVersion).isGreaterThan(oldVersion);

        HttpResponse<String> fresh = get("/names/" + nconst + "?minVersion=" + newVersion);
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(xCache(fresh)).isEqualTo("bypass");
        assertThat(json(fresh).get("primaryName").asString()).isEqualTo("After");
        assertThat(json(fresh).get("version").asLong()).isEqualTo(newVersion);
        // Not filled: the invalidation, not the reader, clears the stale entry.
        assertThat(cachedRecord(CacheKeys.name(nconst)).version()).isEqualTo(oldVersion);

        HttpResponse<String> satisfied = get("/names/" + nconst + "?minVersion=" + oldVersion);
        assertThat(xCache(satisfied)).isEqualTo("hit");
    }

    @Test
    void minVersionAbovePostgresStillAnswersWithWhatPostgresHas() throws Exception {
        String nconst = uniqueNconst();
        long version = insertName(nconst, "Lagging", 1981);

        HttpResponse<String> response = get("/names/" + nconst + "?minVersion=" + (version + 1000));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("version").asLong()).isEqualTo(version);
    }

    @Test
    void aReaderWaitingOnAnAbandonedLeaseReadsPostgresWithoutFilling() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Behind A Lease", 1982);
        String key = CacheKeys.name(nconst);
        String foreignLease = CacheEntryCodec.encode(new CacheEntry.Lease("crashed-reader"));
        memcached().add(key, 60, foreignLease);

        HttpResponse<String> response = get("/names/" + nconst);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(xCache(response)).isEqualTo("bypass");
        assertThat(json(response).get("primaryName").asString()).isEqualTo("Behind A Lease");
        assertThat(cached(key)).isEqualTo(foreignLease);
    }
}
