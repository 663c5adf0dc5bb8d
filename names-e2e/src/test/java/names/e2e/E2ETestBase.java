package names.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import names.contract.Topics;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.MemcachedPoolSettings;
import names.tools.check.Drain;
import names.tools.client.ApiClient;
import names.tools.client.NameWrite;
import names.tools.client.WriterClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every end-to-end test shares: the one compose stack of this JVM, and clients that reach it the way
 * any outside client would (HTTP, Kafka, memcached through names-memcached like the services, psql inside
 * the postgres container).
 */
@ExtendWith(StackLogsOnFailure.class)
abstract class E2ETestBase {

    /** Bound for one change to travel writer → relay → Kafka → invalidator; generous for two busy cores. */
    static final Duration PROPAGATION = Duration.ofSeconds(60);

    /** Prefix of the per-node groups compose's invalidator consumes with (its default). */
    static final String INVALIDATOR_GROUP = "names-invalidator";

    private static volatile boolean started;

    static final ComposeStack stack = startStack();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final ApiClient api = new ApiClient(http, stack.apiUri(), Duration.ofSeconds(10));
    static final WriterClient writer = new WriterClient(http, stack.writerUri(), stack.writerApiKey(),
            Duration.ofSeconds(10));
    static final MemcachedNodes memcached = MemcachedNodes.connect(
            MemcachedPoolSettings.of("e2e", stack.memcachedServers()).withOperationTimeout(Duration.ofSeconds(2)));

    // Workload ranges no other test (nor the demo data, nm0000001.., nor the checker, nm9..) uses.
    private static final AtomicLong NEXT_NCONST = new AtomicLong(700_000_000L);
    private static final AtomicInteger NEXT_YEAR = new AtomicInteger(1800);

    private static ComposeStack startStack() {
        ComposeStack stack = ComposeStack.get();
        started = true;
        return stack;
    }

    static boolean stackStarted() {
        return started;
    }

    static String newNconst() {
        return "nm" + NEXT_NCONST.getAndIncrement();
    }

    /** A birth year whose list only this test touches. */
    static int newBirthYear() {
        return NEXT_YEAR.getAndIncrement();
    }

    static NameWrite name(String nconst, String primaryName, Integer birthYear) {
        return new NameWrite(nconst, primaryName, birthYear, null, List.of("actor"), List.of("tt0000001"));
    }

    static WriterClient.WriteResult create(NameWrite name) throws Exception {
        WriterClient.WriteResult result = writer.create(name);
        assertThat(result.status()).as("POST %s: %s", name.nconst(), result.body()).isEqualTo(201);
        return result;
    }

    static WriterClient.WriteResult replace(NameWrite name) throws Exception {
        WriterClient.WriteResult result = writer.replace(name);
        assertThat(result.status()).as("PUT %s: %s", name.nconst(), result.body()).isIn(200, 201);
        return result;
    }

    /**
     * Waits until every change so far went all the way through: relayed (outbox empty) and invalidated
     * (every per-node group committed up to the topic's end as it was once the outbox was empty; it commits
     * only after the deletes succeeded). After this, nothing in flight can delete what a test caches next.
     *
     * <p>Not "lag == 0": the relay's heartbeats arrive every 100 ms and offsets are committed once a second,
     * so a healthy pipeline is never at zero lag; everything published before the check is what matters.
     */
    static void awaitPipelineIdle() {
        try (Admin admin = Admin.create(Drain.adminConfig(stack.kafkaBootstrap()))) {
            await("change log relayed").atMost(PROPAGATION).until(() ->
                    stack.psql("SELECT count(*) FROM name_changes_pending").equals("0"));
            Map<TopicPartition, Long> ends;
            try {
                ends = Drain.endOffsets(admin);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the end offsets of " + Topics.NAME_CHANGES, e);
            }
            await("change log invalidated on every node").atMost(PROPAGATION).until(() -> Drain.committedUpTo(admin, INVALIDATOR_GROUP, ends));
        }
    }

    /** GET on the invalidator's port (actuator endpoints), the body as text. */
    static String invalidator(String path) throws Exception {
        URI uri = stack.invalidatorUri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Waits until the invalidator's consistency observer has made every check it had queued, the last
     * window's included: after {@link #awaitPipelineIdle()}, nothing it could still repair is planted early.
     */
    static void awaitObserverChecksMade() {
        await("observer's queued checks made").atMost(ComposeStack.OBSERVER_LAST_WINDOW.plus(PROPAGATION))
                .until(() -> {
                    Matcher pending = PENDING_CHECKS.matcher(invalidator("/actuator/consistency"));
                    return pending.find() && Long.parseLong(pending.group(1)) == 0;
                });
    }

    private static final Pattern PENDING_CHECKS = Pattern.compile("\"pendingChecks\":(\\d+)");

    /**
     * The entries for a name's key on every memcached node that holds one (node name → entry): every node,
     * not just the ring's owner, since a copy anywhere else would be a leak the ring hides.
     */
    static Map<String, CacheEntry> cached(String nconst) {
        Map<String, CacheEntry> entries = new LinkedHashMap<>();
        for (MemcachedNode node : memcached.nodes()) {
            String raw = get(node, CacheKeys.name(nconst));
            if (raw != null) {
                entries.put(node.name(), CacheEntryCodec.decode(raw));
            }
        }
        return entries;
    }

    /** The raw value under {@code key} on that one node, null when it holds none. */
    static String get(MemcachedNode node, String key) {
        try {
            return node.client().get(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("memcached get " + key + " on " + node + " failed", e);
        }
    }

    /** The names whose record key the compose service's node holds (any entry: value, marker or lease). */
    static List<String> namesHeldBy(String service, List<String> nconsts) {
        MemcachedNode node = memcached.node(ComposeStack.memcachedNodeName(service));
        List<String> held = new ArrayList<>();
        for (String nconst : nconsts) {
            if (get(node, CacheKeys.name(nconst)) != null) {
                held.add(nconst);
            }
        }
        return held;
    }
}
