package names.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import names.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ActuatorAndDocsTest extends ApiIntegrationTest {

    @Test
    void pingAnswersStaticJson() throws Exception {
        HttpResponse<String> response = get("/ping");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("ok");
    }

    @Test
    void hotKeysReportTheMostReadNconstsFirst() throws Exception {
        String hot = uniqueNconst();
        String warm = uniqueNconst();
        insertName(hot, "Hot", 1930);
        insertName(warm, "Warm", 1931);
        for (int i = 0; i < 30; i++) {
            get("/names/" + hot);
        }
        for (int i = 0; i < 25; i++) {
            get("/names/" + warm);
        }

        JsonNode report = json(get("/actuator/hotkeys"));

        assertThat(report.isArray()).isTrue();
        assertThat(report.get(0).get("key").asString()).isEqualTo(hot);
        assertThat(report.get(0).get("count").asLong()).isGreaterThanOrEqualTo(30);
        assertThat(report.get(1).get("key").asString()).isEqualTo(warm);
    }

    @Test
    void healthShowsDatabaseAndMemcachedButReadinessOnlyNeedsTheDatabase() throws Exception {
        JsonNode health = json(get("/actuator/health"));
        assertThat(health.get("components").has("db")).isTrue();
        assertThat(health.get("components").get("memcached").get("status").asString()).isEqualTo("UP");

        JsonNode readiness = json(get("/actuator/health/readiness"));
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").has("db")).isTrue();
        assertThat(readiness.get("components").has("memcached")).isFalse();
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusExposesTheCacheAndDatabaseMeters() throws Exception {
        get("/names/" + uniqueNconst());
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("names_cache_requests_total{")
                .contains("outcome=\"notfound_hit\"")
                .contains("names_cache_fills_total{")
                .contains("names_db_reads_seconds_count{")
                .contains("names_cache_lease_waits_total");
    }

    @Test
    void onlyTheAgreedActuatorEndpointsAreExposed() throws Exception {
        for (String hidden : new String[] {"env", "heapdump", "shutdown", "beans", "configprops", "metrics"}) {
            assertThat(get("/actuator/" + hidden).statusCode()).as(hidden).isEqualTo(404);
        }
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesTheReadEndpoints() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json(response);
        JsonNode paths = document.get("paths");
        assertThat(paths.has("/names/{nconst}")).isTrue();
        assertThat(paths.has("/names")).isTrue();
        // The handler writes the cached JSON as text; the document must still describe a NameSnapshot.
        JsonNode ok = paths.get("/names/{nconst}").get("get").get("responses").get("200").get("content");
        assertThat(ok.propertyNames()).containsExactly("application/json");
        assertThat(ok.get("application/json").get("schema").get("$ref").asString())
                .isEqualTo("#/components/schemas/NameSnapshot");
        assertThat(document.get("components").get("schemas").get("NameSnapshot").get("properties").propertyNames())
                .contains("nconst", "primaryName", "version");
    }

    @Test
    void anUnknownPathIsAProblem() throws Exception {
        HttpResponse<String> response = get("/nowhere");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }
}
