package names.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import names.contract.Topics;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheKeys;
import names.e2e.checker.Drain;
import names.e2e.client.ApiClient;
import names.e2e.client.NameWrite;
import names.e2e.client.WriterClient;
import names.e2e.memcached.MemcachedNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every end-to-end test shares: the one compose stack of this JVM, and clients that reach it the way
 * any outside client would (HTTP, Kafka, memcached's text protocol, psql inside the postgres container).
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
    static final MemcachedNodes memcached = new MemcachedNodes(stack.memcachedAddresses(), Duration.ofSeconds(2));

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
                    stack.psql("SELECT count(*) FROM name_changes WHERE published_at IS NULL").equals("0"));
            Map<TopicPartition, Long> ends;
            try {
                ends = endOffsets(admin);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the end offsets of " + Topics.NAME_CHANGES, e);
            }
            await("change log invalidated on every node").atMost(PROPAGATION).until(() -> committedAtLeast(admin, ends));
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.NAME_CHANGES)).allTopicNames().get()
                .get(Topics.NAME_CHANGES).partitions().stream()
                .map(p -> new TopicPartition(Topics.NAME_CHANGES, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static boolean committedAtLeast(Admin admin, Map<TopicPartition, Long> ends) throws Exception {
        List<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId())
                .filter(id -> id.startsWith(INVALIDATOR_GROUP + ".")).toList();
        if (groups.isEmpty()) {
            return false;
        }
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The entries for a name's key on every memcached node that holds one (address → entry). */
    static Map<String, CacheEntry> cached(String nconst) {
        try {
            return memcached.entriesEverywhere(CacheKeys.name(nconst));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
