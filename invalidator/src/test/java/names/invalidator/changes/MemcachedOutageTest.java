package names.invalidator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.contract.event.NameChangeType;
import names.invalidator.InvalidatorIntegrationTest;
import names.invalidator.InvalidatorProperties;
import names.testsupport.SharedContainers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.MessageListenerContainer;

/** One node paused: its deletes wait (durably, in Kafka), the other node's keep flowing. */
class MemcachedOutageTest extends InvalidatorIntegrationTest {

    @Autowired
    ChangeListeners listeners;

    @Autowired
    InvalidatorProperties properties;

    @AfterEach
    void everyConsumerRunsAgain() {
        listeners.containers().values().forEach(MessageListenerContainer::start);
    }

    @Test
    void aPausedNodeHoldsBackOnlyItsOwnKeysAndGetsEveryDeleteOnceItAnswersAgain() {
        List<String> onA = IntStream.range(0, 6).mapToObj(i -> newNconstOn(NODE_A)).toList();
        List<String> onB = IntStream.range(0, 6).mapToObj(i -> newNconstOn(NODE_B)).toList();
        int yearOnA = newBirthYearOn(NODE_A);
        int yearOnB = newBirthYearOn(NODE_B);
        onA.forEach(nconst -> set(CacheKeys.name(nconst), cachedName(nconst)));
        onB.forEach(nconst -> set(CacheKeys.name(nconst), cachedName(nconst)));
        set(CacheKeys.birthYearGeneration(yearOnA), "generation-1");
        set(CacheKeys.birthYearGeneration(yearOnB), "generation-1");
        String[] retriesOnA = {"pool", POOL, "node", nodeName(NODE_A)};
        double retries = counter("names.invalidation.retries", retriesOnA);

        SharedContainers.pause(NODE_A);
        try {
            long start = System.nanoTime();
            // Interleaved, so that A's and B's keys share partitions and batches.
            for (int i = 0; i < onA.size(); i++) {
                publish(event(NameChangeType.UPDATED, onA.get(i), yearOnA, yearOnB));
                publish(event(NameChangeType.UPDATED, onB.get(i), yearOnB, yearOnA));
            }
            await().untilAsserted(() -> {
                assertThat(onB).allSatisfy(nconst -> assertThat(get(CacheKeys.name(nconst))).isNull());
                assertThat(get(CacheKeys.birthYearGeneration(yearOnB))).isNull();
            });
            System.out.printf("node B applied every change in %d ms while node A was paused%n",
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            // A's consumer keeps retrying the same batch instead of dropping or dead-lettering it.
            await().until(() -> counter("names.invalidation.retries", retriesOnA) >= retries + 3);
            assertThat(httpGet("/actuator/health").body()).contains("retryingBatches").contains("\"UP\"");
        } finally {
            SharedContainers.unpause(NODE_A);
        }

        await().untilAsserted(() -> {
            assertThat(onA).allSatisfy(nconst -> assertThat(get(CacheKeys.name(nconst))).isNull());
            assertThat(get(CacheKeys.birthYearGeneration(yearOnA))).isNull();
        });
        await().untilAsserted(() -> assertThat(httpGet("/actuator/health").body()).doesNotContain("retryingBatches"));
    }

    @Test
    void aBatchConsumedButNotCommittedWhenTheNodesConsumerStopsIsAppliedAfterItStartsAgain() throws Exception {
        String changed = newNconstOn(NODE_A);
        String[] retriesOnA = {"pool", POOL, "node", nodeName(NODE_A)};
        double retries = counter("names.invalidation.retries", retriesOnA);
        MessageListenerContainer consumerOfA = listeners.container(POOL + "/" + nodeName(NODE_A));
        RecordMetadata sent;

        SharedContainers.pause(NODE_A);
        try {
            sent = publish(event(NameChangeType.UPDATED, changed, null, null));
            // A's consumer has the record (its delete keeps failing)...
            await().until(() -> counter("names.invalidation.retries", retriesOnA) >= retries + 2);
            // ...and goes away before it could apply and commit it.
            consumerOfA.stop();
            assertThat(consumerOfA.isRunning()).isFalse();
        } finally {
            SharedContainers.unpause(NODE_A);
        }
        TopicPartition partition = new TopicPartition(Topics.NAME_CHANGES, sent.partition());
        String groupOfA = consumerOfA.getGroupId();
        assertThat(committedOffset(groupOfA, partition)).as("committed offset while stopped")
                .isLessThanOrEqualTo(sent.offset());
        // A delete that timed out may still reach the node once it runs again, so the stale entry is put
        // back now: from here on only a redelivery of the uncommitted event can remove it.
        set(CacheKeys.name(changed), cachedName(changed));

        consumerOfA.start();

        await().untilAsserted(() -> assertThat(get(CacheKeys.name(changed))).isNull());
        await().untilAsserted(() -> assertThat(committedOffset(groupOfA, partition)).isGreaterThan(sent.offset()));
    }

    @Test
    void eachNodeHasItsOwnConsumerGroup() {
        assertThat(listeners.containers()).hasSize(2);
        assertThat(listeners.containers().values()).extracting(MessageListenerContainer::getGroupId)
                .doesNotHaveDuplicates()
                .allSatisfy(group -> assertThat(group).startsWith(properties.groupId() + "." + POOL + "."));
    }

    /** The group's committed offset (the next record to consume), or -1 if none was committed. */
    private static long committedOffset(String group, TopicPartition partition)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedContainers.kafka().getBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(partition);
            return committed == null ? -1 : committed.offset();
        }
    }
}
