package names.tools.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import names.contract.cache.NamePage;
import names.contract.cache.NameSnapshot;

/** names-api over plain HTTP, as any client sees it. */
public final class ApiClient {

    /** Largest page the api serves: listing a whole year takes the fewest requests. */
    public static final int MAX_LIMIT = 100;

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    public ApiClient(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    /**
     * @param name the body of a 200, else null
     * @param cache the X-Cache header (hit, miss, bypass), null if absent
     */
    public record NameRead(int status, NameSnapshot name, String cache) {

        public boolean found() {
            return status == 200;
        }

        public long version() {
            if (name == null) {
                throw new IllegalStateException("no name in a " + status + " response");
            }
            return name.version();
        }
    }

    public record PageRead(int status, NamePage page, String cache) {
    }

    public NameRead get(String nconst) throws IOException, InterruptedException {
        return get(nconst, null);
    }

    public NameRead get(String nconst, Long minVersion) throws IOException, InterruptedException {
        String query = minVersion == null ? "" : "?minVersion=" + minVersion;
        HttpResponse<byte[]> response = send(base.resolve("/names/" + nconst + query));
        NameSnapshot name = response.statusCode() == 200
                ? JsonBodies.JSON.readValue(response.body(), NameSnapshot.class) : null;
        return new NameRead(response.statusCode(), name, cacheHeader(response));
    }

    public PageRead list(int birthYear, String after, int limit) throws IOException, InterruptedException {
        String query = "?birthYear=" + birthYear + "&limit=" + limit + (after == null ? "" : "&after=" + after);
        HttpResponse<byte[]> response = send(base.resolve("/names" + query));
        NamePage page = response.statusCode() == 200
                ? JsonBodies.JSON.readValue(response.body(), NamePage.class) : null;
        return new PageRead(response.statusCode(), page, cacheHeader(response));
    }

    /** Every name born in {@code birthYear}, following the pages' {@code next} cursors. */
    public List<NameSnapshot> listAll(int birthYear) throws IOException, InterruptedException {
        List<NameSnapshot> all = new ArrayList<>();
        String after = null;
        do {
            PageRead read = list(birthYear, after, MAX_LIMIT);
            if (read.status() != 200) {
                throw new IOException("GET /names?birthYear=" + birthYear + " answered " + read.status());
            }
            all.addAll(read.page().items());
            after = read.page().next();
        } while (after != null);
        return all;
    }

    private HttpResponse<byte[]> send(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json").build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String cacheHeader(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache").orElse(null);
    }
}
