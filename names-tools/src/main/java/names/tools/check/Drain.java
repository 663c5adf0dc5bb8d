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
            // The end offsets once the outbox is empty, not "lag 0": the relay's heartbeats keep arriving
            // every 100 ms while offsets are committed once a second, so the lag is rarely zero.
            Map<TopicPartition, Long> ends = endOffsets(admin);
            while (!committedUpTo(admin, options.consumerGroup(), ends)) {
                failAfter(deadline, "groups " + options.consumerGroup() + ".* have not committed " + ends);
                Thread.sleep(POLL);
            }
        }
        return new Result(outbox, Duration.ofNanos(System.nanoTime() - start).minus(outbox));
    }

    /** The change topic's end offset of every partition: what has been published so far. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.NAME_CHANGES)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(Topics.NAME_CHANGES).partitions().stream()
                .map(p -> new TopicPartition(Topics.NAME_CHANGES, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /**
     * Whether every per-node consumer group of the invalidator ({@code <prefix>.<pool>.<node>}) has committed
     * at least {@code ends} on every partition, i.e. applied everything published up to then on its node.
     * False while no such group exists.
     */
    public static boolean committedUpTo(Admin admin, String groupPrefix, Map<TopicPartition, Long> ends)
            throws Exception {
        List<String> groups = admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .map(group -> group.groupId()).filter(id -> id.startsWith(groupPrefix + ".")).toList();
        if (groups.isEmpty()) {
            return false;
        }
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
                    return false;
                }
            }
        }
        return true;
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
