package names.tools.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import names.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every change has made its way through: the outbox is empty (the relay published
 * everything) and every per-node group of the invalidator has committed every offset (each commits only
 * after its node acknowledged the deletes). Only then is a stale entry a bug rather than an invalidation still in flight.
 */
public final class Drain {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long TIMEOUT_SECONDS = 10;

    /** How long each stage took. */
    public record Result(Duration outbox, Duration consumerLag) {
    }

    static Result await(CheckerOptions options, PostgresNames postgres) throws Exception {
        long start = System.nanoTime();
        long deadline = start + options.drainTimeout().toNanos();
        long pending;
        while ((pending = postgres.pendingChanges()) > 0) {
            failAfter(deadline, "the change log still has " + pending + " unpublished rows");
            Thread.sleep(POLL);
        }
        Duration outbox = Duration.ofNanos(System.nanoTime() - start);
        try (Admin admin = Admin.create(adminConfig(options.kafka()))) {
            long lag;
            while ((lag = consumerLag(admin, options.consumerGroup())) > 0) {
                failAfter(deadline, "groups " + options.consumerGroup() + ".* still lag by " + lag + " records");
                Thread.sleep(POLL);
            }
        }
        return new Result(outbox, Duration.ofNanos(System.nanoTime() - start).minus(outbox));
    }

    /**
     * Records on {@link Topics#NAME_CHANGES} not yet committed by the invalidator, over all partitions and
     * all of its per-node consumer groups ({@code <prefix>.<pool>.<node>}): the sum of every node's lag.
     * Before any such group exists, nothing has been invalidated: the whole topic is the lag.
     */
    public static long consumerLag(Admin admin, String groupPrefix) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.NAME_CHANGES)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(Topics.NAME_CHANGES).partitions().stream()
                .map(p -> new TopicPartition(Topics.NAME_CHANGES, p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> groups = admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .map(group -> group.groupId()).filter(id -> id.startsWith(groupPrefix + ".")).toList();
        if (groups.isEmpty()) {
            return partitions.stream().mapToLong(partition -> ends.get(partition).offset()).sum();
        }
        long lag = 0;
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                lag += Math.max(0, ends.get(partition).offset() - (offset == null ? 0 : offset.offset()));
            }
        }
        return lag;
    }

    public static Properties adminConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return config;
    }

    private static void failAfter(long deadlineNanos, String what) {
        if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException("not drained within --drain-timeout: " + what);
        }
    }

    private Drain() {
    }
}
