package names.writer.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import names.testsupport.ContainerProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * One application context for every integration test class (same configuration here, nothing added in
 * subclasses), against the JVM's shared Postgres and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "names.writer.api-key=" + WriterIntegrationTest.API_KEY,
    // Small producer timeouts: the Kafka outage test waits for them to expire.
    "names.writer.relay.delivery-timeout=3s",
    "names.writer.relay.request-timeout=2s",
    "names.writer.relay.max-block=2s",
    "names.writer.relay.max-backoff=1s",
    "names.writer.relay.poll-interval=500ms",
    "names.writer.relay.batch-size=2000",
    "names.writer.import.progress-interval=1s"
})
public abstract class WriterIntegrationTest {

    public static final String API_KEY = "test-api-key-0123456789";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    /** 10-digit nconsts, apart from the importer's 7-digit nm0000001.. range. */
    private static final AtomicLong NEXT_NCONST = new AtomicLong(8_000_000_000L + (System.nanoTime() % 1_000_000) * 1000);

    protected static final ChangeEventCollector EVENTS = ChangeEventCollector.shared();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void containers(DynamicPropertyRegistry registry) {
        ContainerProperties.postgres(registry);
        ContainerProperties.kafka(registry);
    }

    protected static String newNconst() {
        return "nm" + NEXT_NCONST.incrementAndGet();
    }

    protected static String nameJson(String nconst, String primaryName, Integer birthYear) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (nconst != null) {
            body.put("nconst", nconst);
        }
        body.put("primaryName", primaryName);
        body.put("birthYear", birthYear);
        body.put("deathYear", null);
        body.put("primaryProfessions", List.of("actor"));
        body.put("knownForTitles", List.of("tt0000001"));
        return JSON.writeValueAsString(body);
    }

    protected Response request(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    protected Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", API_KEY);
    }

    protected Response post(String json) {
        return request("POST", "/names", "application/json", json, "X-API-Key", API_KEY);
    }

    protected Response put(String nconst, String json, String... headers) {
        return request("PUT", "/names/" + nconst, "application/json", json, withKey(headers));
    }

    protected Response patch(String nconst, String json, String... headers) {
        return request("PATCH", "/names/" + nconst, "application/merge-patch+json", json, withKey(headers));
    }

    protected Response delete(String nconst, String... headers) {
        return request("DELETE", "/names/" + nconst, null, null, withKey(headers));
    }

    private static String[] withKey(String[] headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "X-API-Key";
        all[headers.length + 1] = API_KEY;
        return all;
    }

    protected long nameRows(String nconst) {
        return jdbc.queryForObject("SELECT count(*) FROM names WHERE nconst = ?", Long.class, nconst);
    }

    protected long changeRows(String nconst) {
        return jdbc.queryForObject("SELECT count(*) FROM name_changes WHERE nconst = ?", Long.class, nconst);
    }

    /**
     * Waits until the relay has published every logged change of these nconsts and the collector has
     * read the whole topic, then returns what was received for them: exact, not "at least".
     */
    protected List<ChangeEventCollector.ReceivedEvent> publishedEventsFor(String... nconsts) {
        await("change log of " + Arrays.toString(nconsts) + " published").atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject(
                        "SELECT count(*) FROM name_changes_pending WHERE nconst = ANY (?)",
                        Long.class, (Object) nconsts) == 0);
        EVENTS.awaitCaughtUp();
        return EVENTS.eventsFor(Set.of(nconsts));
    }

    /** An HTTP response with its body parsed as JSON when there is one. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public long version() {
            return json().get("version").asLong();
        }
    }
}
