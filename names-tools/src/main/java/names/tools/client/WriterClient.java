package names.tools.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import names.contract.cache.NameSnapshot;

/** names-writer over plain HTTP with its API key. */
public final class WriterClient {

    private static final String API_KEY_HEADER = "X-API-Key";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final HttpClient http;
    private final URI base;
    private final String apiKey;
    private final Duration timeout;

    public WriterClient(HttpClient http, URI base, String apiKey, Duration timeout) {
        this.http = http;
        this.base = base;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /**
     * @param name the stored name (with its new version) of a 200/201, else null
     * @param body the raw response body, for messages about unexpected answers
     */
    public record WriteResult(int status, NameSnapshot name, String body) {

        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        public long version() {
            if (name == null) {
                throw new IllegalStateException("no name in a " + status + " response: " + body);
            }
            return name.version();
        }
    }

    public WriteResult create(NameWrite name) throws IOException, InterruptedException {
        return send(request("/names").POST(json(name)).header("Content-Type", "application/json"));
    }

    public WriteResult replace(NameWrite name) throws IOException, InterruptedException {
        return send(request("/names/" + name.nconst()).PUT(json(name)).header("Content-Type", "application/json"));
    }

    /** RFC 7396 merge patch: a null value clears the field, an absent one keeps it. */
    public WriteResult patch(String nconst, Map<String, ?> mergePatch) throws IOException, InterruptedException {
        return send(request("/names/" + nconst).method("PATCH", json(mergePatch)).header("Content-Type", MERGE_PATCH));
    }

    public WriteResult delete(String nconst) throws IOException, InterruptedException {
        return send(request("/names/" + nconst).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header(API_KEY_HEADER, apiKey)
                .header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(JsonBodies.JSON.writeValueAsBytes(body));
    }

    private WriteResult send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        NameSnapshot name = (status == 200 || status == 201) && !body.isBlank()
                ? JsonBodies.JSON.readValue(body, NameSnapshot.class) : null;
        return new WriteResult(status, name, body);
    }
}
