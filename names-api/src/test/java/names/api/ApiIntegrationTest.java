package names.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.NameSnapshot;
import names.testsupport.ContainerProperties;
import names.testsupport.SharedContainers;
import names.testsupport.TestMemcachedClients;
import net.rubyeye.xmemcached.MemcachedClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for every integration test class: real PostgreSQL (migrated by Flyway from
 * names-schema) and the first shared memcached node, which only this api and these tests use.
 */
// Every read counted, so the hot-keys report of a few dozen reads is exact rather than sampled.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "names.api.hotkeys.sample-every=1")
@Import(TestFillGate.Config.class)
// No invalidator writes watermarks here, and the watermark poller's gets would show up in the tests that
// count commands: these tests are about the lease protocol, with the staleness bound off. BoundedStalenessTest
// overrides it (its own context, the bound on).
@TestPropertySource(properties = "names.api.cache.max-staleness=0s")
public abstract class ApiIntegrationTest {

    /** Waiters in the herd test must outlast the time it takes all of them to arrive. */
    protected static final Duration LEASE_WAIT = Duration.ofSeconds(5);

    private static final AtomicLong NEXT_NCONST = new AtomicLong(
            100_000_000L + ThreadLocalRandom.current().nextLong(800_000_000L));
    private static final AtomicInteger NEXT_YEAR = new AtomicInteger(1100);
    private static volatile MemcachedClient memcached;

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void containers(DynamicPropertyRegistry registry) {
        ContainerProperties.postgres(registry);
        registry.add("spring.flyway.enabled", () -> "true");
        registry.add("names.api.cache.memcached.servers", () -> SharedContainers.address(SharedContainers.memcached()));
        // Generous timeouts: two busy cores must not turn into spurious cache failures.
        registry.add("names.api.cache.memcached.operation-timeout", () -> "300ms");
        registry.add("names.api.cache.lease-wait", LEASE_WAIT::toString);
        registry.add("names.api.cache.lease-ttl", () -> "20s");
        registry.add("names.api.cache.breaker-open-for", () -> "1s");
        // Only at startup: tests that count memcached commands must see none but their own.
        // RingAgreementTest triggers its checks itself.
        registry.add("names.api.cache.ring-check-interval", () -> "1h");
        // No invalidator runs here, so the sampler would repair the stale entries other tests plant on
        // purpose; CacheInspectionTest inspects its own names directly.
        registry.add("names.api.consistency.reads-per-second", () -> "0");
        registry.add("names.api.consistency.recheck-delay", () -> "1s");
        // A paused PostgreSQL should fail the database outage test's read soon.
        registry.add("spring.datasource.hikari.data-source-properties.socketTimeout", () -> "2");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected TestFillGate gate;

    @Autowired
    protected MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A test-side client to the api's memcached node: what the invalidator does, the tests do with it. */
    protected static MemcachedClient memcached() {
        if (memcached == null) {
            synchronized (ApiIntegrationTest.class) {
                if (memcached == null) {
                    memcached = TestMemcachedClients.connect("test",
                            SharedContainers.address(SharedContainers.memcached()));
                }
            }
        }
        return memcached;
    }

    protected static String cached(String key) throws Exception {
        return memcached().get(key);
    }

    protected static void invalidate(String key) throws Exception {
        memcached().delete(key);
    }

    protected static NameSnapshot cachedRecord(String key) throws Exception {
        String value = cached(key);
        return value != null && CacheEntryCodec.decode(value) instanceof CacheEntry.Found found ? found.name() : null;
    }

    protected static String uniqueNconst() {
        return "nm" + NEXT_NCONST.incrementAndGet();
    }

    protected static int uniqueBirthYear() {
        return NEXT_YEAR.getAndIncrement();
    }

    /** Inserts a name; the trigger assigns and we return its version. */
    protected long insertName(String nconst, String primaryName, Integer birthYear) {
        return jdbc.queryForObject("""
                INSERT INTO names (nconst, primary_name, birth_year, death_year, primary_professions, known_for_titles)
                VALUES (?, ?, ?, NULL, '{actor,writer}', '{tt0000001}') RETURNING version""",
                Long.class, nconst, primaryName, birthYear);
    }

    protected long renameName(String nconst, String primaryName) {
        return jdbc.queryForObject("UPDATE names SET primary_name = ? WHERE nconst = ? RETURNING version",
                Long.class, primaryName, nconst);
    }

    protected HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return http.send(request(path, headers), HttpResponse.BodyHandlers.ofString());
    }

    protected CompletableFuture<HttpResponse<String>> getAsync(String path, String... headers) {
        return http.sendAsync(request(path, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static String xCache(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache").orElse(null);
    }

    protected double counter(String name, Map<String, String> tags) {
        var search = meters.find(name);
        for (var tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    protected long recordDbReads() {
        var timer = meters.find("names.db.reads").tag("query", "record").timer();
        return timer == null ? 0 : timer.count();
    }
}
