package names.invalidator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import names.contract.Topics;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.NameSnapshot;
import names.contract.event.CloudEventHeaders;
import names.contract.event.Heartbeat;
import names.contract.event.HeartbeatCodec;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.contract.event.NameChangeType;
import names.testsupport.ContainerProperties;
import names.testsupport.SharedContainers;
import names.memcached.MemcachedNodes;
import names.memcached.Watermarks;
import names.testsupport.TestMemcachedClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.GenericContainer;

/**
 * One application context for every integration test class (same configuration, so Spring's context
 * cache shares it): real Kafka, and the two shared memcached nodes configured as one pool, "main", of two
 * nodes. {@link #CACHE} is the same ring as the invalidator's: tests put each key on the node that owns it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class InvalidatorIntegrationTest {

    protected static final GenericContainer<?> NODE_A = SharedContainers.memcachedNodes().get(0);
    protected static final GenericContainer<?> NODE_B = SharedContainers.memcachedNodes().get(1);
    protected static final String POOL = "main";
    protected static final MemcachedNodes CACHE = TestMemcachedClients.pool("test",
            List.of(SharedContainers.address(NODE_A), SharedContainers.address(NODE_B)));
    private static final KafkaProducer<String, byte[]> PRODUCER = producer();
    private static final AtomicLong NEXT_NCONST = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1000);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    protected MeterRegistry meters;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void containers(DynamicPropertyRegistry registry) {
        ContainerProperties.kafka(registry);
        registry.add("names.invalidator.pools[0].name", () -> POOL);
        registry.add("names.invalidator.pools[0].servers[0]", () -> SharedContainers.address(NODE_A));
        registry.add("names.invalidator.pools[0].servers[1]", () -> SharedContainers.address(NODE_B));
        registry.add("names.invalidator.pools[0].operation-timeout", () -> "500ms");
        registry.add("names.invalidator.ring-marker-interval", () -> "500ms");
        registry.add("names.invalidator.ring-marker-ttl", () -> "5s");
        // A recovered node is used again within a second, keeping the outage tests short.
        registry.add("names.invalidator.retry.max-interval", () -> "1s");
        // Short consistency windows keep the observer's tests short; a small budget lets one burst overflow it.
        registry.add("names.invalidator.consistency.windows", () -> "1s,3s,6s");
        registry.add("names.invalidator.consistency.queue-capacity", () -> "6000");
    }

    protected static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }

    /** A fresh nconst per test, so tests sharing topic and memcached never see each other's keys. */
    protected static String newNconst() {
        return String.format("nm%09d", NEXT_NCONST.incrementAndGet());
    }

    /** A fresh nconst whose record key lives on {@code node}. */
    protected static String newNconstOn(GenericContainer<?> node) {
        while (true) {
            String nconst = newNconst();
            if (nodeOf(CacheKeys.name(nconst)) == node) {
                return nconst;
            }
        }
    }

    /** A birth year no other test uses (generation keys are shared by every name born that year). */
    protected static int newBirthYear() {
        return (int) (NEXT_NCONST.incrementAndGet() % 100_000) + 10_000;
    }

    /** A fresh birth year whose generation key lives on {@code node}. */
    protected static int newBirthYearOn(GenericContainer<?> node) {
        while (true) {
            int year = newBirthYear();
            if (nodeOf(CacheKeys.birthYearGeneration(year)) == node) {
                return year;
            }
        }
    }

    /** The container of the node that holds {@code key}. */
    protected static GenericContainer<?> nodeOf(String key) {
        return CACHE.nodeFor(key).address().equals(SharedContainers.address(NODE_A)) ? NODE_A : NODE_B;
    }

    /** The node's name on the ring (its address), as metrics and consumer labels use it. */
    protected static String nodeName(GenericContainer<?> node) {
        return SharedContainers.address(node);
    }

    protected static NameChangeEvent event(NameChangeType type, String nconst, Integer oldBirthYear,
            Integer newBirthYear) {
        return NameChangeEvent.of(UUID.randomUUID(), type, nconst, 1, oldBirthYear, newBirthYear, Instant.now());
    }

    protected static RecordMetadata publish(NameChangeEvent event) {
        return send(event.nconst(), NameChangeEventCodec.encode(event));
    }

    /** Sends without waiting for the ack, so a burst reaches the topic in a few large requests. */
    protected static void publishAsync(NameChangeEvent event) {
        PRODUCER.send(new ProducerRecord<>(Topics.NAME_CHANGES, event.nconst(), NameChangeEventCodec.encode(event)));
    }

    protected static RecordMetadata send(String key, byte[] value) {
        try {
            return PRODUCER.send(new ProducerRecord<>(Topics.NAME_CHANGES, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + Topics.NAME_CHANGES, e);
        }
    }

    /**
     * Sends a relay heartbeat closed at {@code closedAt} to every partition, as the relay does once every
     * change committed before it is acknowledged (here: every change this JVM sent before the call).
     */
    protected static void sendHeartbeats(Instant closedAt) {
        try {
            for (int p = 0; p < Topics.NAME_CHANGES_PARTITIONS; p++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.NAME_CHANGES, p, null,
                        HeartbeatCodec.encode(Heartbeat.of(p, closedAt, Instant.now())));
                record.headers().add(CloudEventHeaders.TYPE, Heartbeat.TYPE.getBytes(StandardCharsets.UTF_8));
                PRODUCER.send(record).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send heartbeats", e);
        }
    }

    /** The node's watermark as readers compute it: the oldest partition's, null while any is missing. */
    protected static Instant watermark(GenericContainer<?> node) {
        try {
            Map<String, String> values = CACHE.node(nodeName(node)).client()
                    .get(Watermarks.keys(CACHE.ring(), Topics.NAME_CHANGES_PARTITIONS));
            return Watermarks.nodeWatermark(CACHE.ring(), Topics.NAME_CHANGES_PARTITIONS, values);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the watermark of " + nodeName(node), e);
        }
    }

    protected static String cachedName(String nconst) {
        return CacheEntryCodec.encode(new CacheEntry.Found(
                new NameSnapshot(nconst, "Someone", 1950, null, List.of("actor"), List.of(), 1)));
    }

    /** Stores on the node that owns the key, as a reader's fill would. */
    protected static void set(String key, String value) {
        try {
            if (!CACHE.nodeFor(key).client().set(key, 3600, value)) {
                throw new IllegalStateException("memcached refused to store " + key);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot store " + key, e);
        }
    }

    /** Reads from the node that owns the key. */
    protected static String get(String key) {
        try {
            return CACHE.nodeFor(key).client().get(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + key, e);
        }
    }

    protected double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    protected HttpResponse<String> httpGet(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedContainers.kafka().getBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
