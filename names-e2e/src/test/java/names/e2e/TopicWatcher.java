package names.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.awaitility.Awaitility;

/**
 * Records appended to a topic from the moment this watcher was opened. Assigns every partition and pins
 * the end offsets up front (no group, no rebalance), so nothing written after construction is missed.
 */
final class TopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();

    TopicWatcher(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-watcher-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        // The topic is created by a service at startup; wait until its metadata is visible.
        List<TopicPartition> partitions = new ArrayList<>();
        Awaitility.await("partitions of " + topic).atMost(Duration.ofMinutes(1)).until(() -> {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            partitions.clear();
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            return !partitions.isEmpty();
        });
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Polls until a record matching {@code wanted} arrived; returns it. */
    ConsumerRecord<String, byte[]> awaitRecord(String description, Predicate<ConsumerRecord<String, byte[]>> wanted,
            Duration atMost) {
        Awaitility.await(description).atMost(atMost).pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(wanted);
        });
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
