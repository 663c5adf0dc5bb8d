package names.invalidator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

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

class MemcachedOutageTest extends InvalidatorIntegrationTest {

    @Autowired
    ChangeListeners listeners;

    @Autowired
    InvalidatorProperties properties;

    @AfterEach
    void listenerRunsAgain() {
        listeners.container().start();
    }

    @Test
    void aChangeArrivingWhileANodeIsPausedIsAppliedOnceItAnswersAgain() {
        String changed = newNconst();
        int oldYear = newBirthYear();
        int newYear = newBirthYear();
        List<String> keys = List.of(CacheKeys.name(changed), CacheKeys.birthYearGeneration(oldYear),
                CacheKeys.birthYearGeneration(newYear));
        for (String key : keys) {
            set(POOL_A, key, "stale");
            set(POOL_B, key, "stale");
        }
        double retries = counter("names.invalidation.retries");

        SharedContainers.pause(NODE_A);
        try {
            publish(event(NameChangeType.UPDATED, changed, oldYear, newYear));
            // Several failed attempts: the batch is being retried, not dropped or dead-lettered.
            await().until(() -> counter("names.invalidation.retries") >= retries + 3);
            assertThat(httpGet("/actuator/health").body()).contains("retryingBatches");
        } finally {
            SharedContainers.unpause(NODE_A);
        }

        // The retried batch succeeded (it no longer shows as retrying) and every key is gone everywhere.
        await().untilAsserted(() -> assertThat(httpGet("/actuator/health").body()).doesNotContain("retryingBatches"));
        for (String key : keys) {
            assertThat(get(POOL_A, key)).as(key).isNull();
            assertThat(get(POOL_B, key)).as(key).isNull();
        }
    }

    @Test
    void aBatchConsumedButNotCommittedWhenTheListenerStopsIsAppliedAfterItStartsAgain() throws Exception {
        String changed = newNconst();
        double retries = counter("names.invalidation.retries");
        RecordMetadata sent;

        SharedContainers.pause(NODE_A);
        try {
            sent = publish(event(NameChangeType.UPDATED, changed, null, null));
            // The listener has the record (its deletes keep failing on pool "a")...
            await().until(() -> counter("names.invalidation.retries") >= retries + 2);
            // ...and the invalidator goes away before it could apply and commit it.
            listeners.container().stop();
            assertThat(listeners.container().isRunning()).isFalse();
        } finally {
            SharedContainers.unpause(NODE_A);
        }
        TopicPartition partition = new TopicPartition(Topics.NAME_CHANGES, sent.partition());
        assertThat(committedOffset(partition)).as("committed offset while stopped").isLessThanOrEqualTo(sent.offset());
        // A delete that timed out may still reach the node once it runs again, so the stale entry is put
        // back now: from here on only a redelivery of the uncommitted event can remove it.
        set(POOL_A, CacheKeys.name(changed), cachedName(changed));

        listeners.container().start();

        await().untilAsserted(() -> assertThat(get(POOL_A, CacheKeys.name(changed))).isNull());
        await().untilAsserted(() -> assertThat(committedOffset(partition)).isGreaterThan(sent.offset()));
    }

    /** The group's committed offset (the next record to consume), or -1 if none was committed. */
    private long committedOffset(TopicPartition partition) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedContainers.kafka().getBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(properties.groupId()).partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(partition);
            return committed == null ? -1 : committed.offset();
        }
    }
}
