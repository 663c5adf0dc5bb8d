package names.invalidator.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.contract.event.NameChangeType;
import names.invalidator.InvalidatorIntegrationTest;
import names.testsupport.SharedContainers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.testcontainers.containers.GenericContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node's watermark (the oldest partition's heartbeat applied there) advances while heartbeats flow,
 * and stops on its own when that node's invalidations stop: heartbeats stop, its consumer stops, or the
 * node is paused, in which case it only moves past the outage once the node's backlog is applied.
 */
class WatermarkTest extends InvalidatorIntegrationTest {

    @Autowired
    ChangeListeners listeners;

    @Value("${names.invalidator.group-id}")
    String groupId;

    private ScheduledExecutorService relay;

    @BeforeEach
    void heartbeatsFlowLikeAnIdleRelays() {
        relay = Executors.newSingleThreadScheduledExecutor();
        relay.scheduleWithFixedDelay(() -> sendHeartbeats(Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopHeartbeatsAndRestartConsumers() throws InterruptedException {
        relay.shutdownNow();
        relay.awaitTermination(10, TimeUnit.SECONDS);
        listeners.containers().values().forEach(MessageListenerContainer::start);
    }

    @Test
    void whileIdleEveryNodesWatermarkAdvancesAndHeartbeatsAreNeverDeadLettered() {
        double deadLetters = deadLetters();
        Instant start = Instant.now();
        long begun = System.nanoTime();

        await().until(() -> isPast(watermark(NODE_A), start) && isPast(watermark(NODE_B), start));

        System.out.printf("both nodes' watermarks passed the start after %d ms%n", (System.nanoTime() - begun) / 1_000_000);
        assertThat(deadLetters()).isEqualTo(deadLetters);
        assertThat(httpGet("/actuator/prometheus").body()).contains("names_invalidation_watermark_age_seconds");
    }

    @Test
    void withoutHeartbeatsTheWatermarkStaysWhereItWas() throws InterruptedException {
        Instant start = Instant.now();
        await().until(() -> isPast(watermark(NODE_A), start));
        relay.shutdownNow();
        relay.awaitTermination(10, TimeUnit.SECONDS);
        // A heartbeat sent just before the stop may still be on its way to the node: let it land first.
        AtomicReference<Instant> seen = new AtomicReference<>(watermark(NODE_A));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> seen.getAndSet(watermark(NODE_A)).equals(seen.get()));
        Instant stopped = seen.get();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> stopped.equals(watermark(NODE_A)));
    }

    @Test
    void aStoppedNodeConsumerHoldsBackOnlyItsOwnNodesWatermark() {
        Instant start = Instant.now();
        await().until(() -> isPast(watermark(NODE_A), start));
        MessageListenerContainer consumerOfA = listeners.container(POOL + "/" + nodeName(NODE_A));
        consumerOfA.stop();
        Instant stoppedAt = watermark(NODE_A);
        Instant afterStop = Instant.now();

        await().until(() -> isPast(watermark(NODE_B), afterStop.plusSeconds(1)));
        assertThat(watermark(NODE_A)).isEqualTo(stoppedAt);

        consumerOfA.start();
        await().until(() -> isPast(watermark(NODE_A), afterStop.plusSeconds(1)));
    }

    @Test
    void aPausedNodesWatermarkPassesTheOutageOnlyOnceItsBacklogIsApplied() {
        String nconst = newNconstOn(NODE_A);
        String key = CacheKeys.name(nconst);
        set(key, cachedName(nconst));
        Instant start = Instant.now();
        await().until(() -> isPast(watermark(NODE_A), start));

        SharedContainers.pause(NODE_A);
        Instant changedAt;
        try {
            publish(event(NameChangeType.UPDATED, nconst, null, null));
            changedAt = Instant.now();
            await().until(() -> isPast(watermark(NODE_B), changedAt.plusSeconds(1)));
        } finally {
            SharedContainers.unpause(NODE_A);
        }
        long resumed = System.nanoTime();

        // The first watermark A shows past the change must come with the change's delete applied.
        await().pollInterval(Duration.ofMillis(10)).until(() -> {
            Instant watermark = watermark(NODE_A);
            if (isPast(watermark, changedAt)) {
                assertThat(get(key)).as("the delete is applied before the watermark passes its change").isNull();
                return true;
            }
            return false;
        });
        System.out.printf("node A's watermark passed the change %d ms after it resumed%n",
                (System.nanoTime() - resumed) / 1_000_000);
    }

    /**
     * A second instance joining node A's group takes some partitions; it writes no watermarks here (it does not
     * process anything), so before revoked partitions were forgotten the age gauge grew without bound and fired
     * ConsumerStalled on a healthy consumer.
     */
    @Test
    void partitionsRebalancedAwayDoNotAgeThisInstancesWatermarkGauge() throws InterruptedException {
        Instant start = Instant.now();
        await().until(() -> isPast(watermark(NODE_A), start) && watermarkAge(NODE_A) < 1);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedContainers.kafka().getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, NodeConsumers.groupId(groupId, POOL, nodeName(NODE_A)),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AtomicBoolean assigned = new AtomicBoolean();
        AtomicBoolean leave = new AtomicBoolean();
        Thread otherInstance = Thread.ofPlatform().start(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.NAME_CHANGES));
                while (!leave.get()) {
                    consumer.poll(Duration.ofMillis(100));
                    if (!consumer.assignment().isEmpty()) {
                        assigned.set(true);
                    }
                }
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).untilTrue(assigned);
            Instant rebalanced = Instant.now();
            // Long enough for a partition left behind in the gauge to show: its age would pass 3 s.
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(rebalanced.plusSeconds(4)));

            double age = watermarkAge(NODE_A);
            System.out.printf("4 s after a second instance took partitions of node A's group: watermark age %.2f s%n", age);
            assertThat(age).isLessThan(3);
        } finally {
            leave.set(true);
            otherInstance.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void aHeartbeatFromAPartitionBeyondTheContractsStopsEveryWatermarkOnTheNode() {
        NodeWatermarks watermarks = new NodeWatermarks(POOL, CACHE.nodes().getFirst(), CACHE.ring(),
                Duration.ofMinutes(1), 500, Clock.systemUTC(), new SimpleMeterRegistry());

        watermarks.advance(Map.of(0, Instant.now(), Topics.NAME_CHANGES_PARTITIONS, Instant.now()));
        watermarks.advance(Map.of(0, Instant.now()));

        assertThat(watermarks.ageSeconds()).as("nothing written, not even for the partitions readers know").isNaN();
    }

    private double watermarkAge(GenericContainer<?> node) {
        return meters.get("names.invalidation.watermark.age").tag("node", nodeName(node)).gauge().value();
    }

    private static boolean isPast(Instant watermark, Instant time) {
        return watermark != null && watermark.isAfter(time);
    }

    private double deadLetters() {
        return meters.find("names.invalidation.dead_letters").counters().stream().mapToDouble(c -> c.count()).sum();
    }

}
