package names.writer.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import names.contract.Topics;
import names.contract.event.CloudEventHeaders;
import names.contract.event.Heartbeat;
import names.contract.event.HeartbeatCodec;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.testsupport.SharedContainers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads the change topic from the beginning, on its own thread, for the whole test JVM, and files every
 * record by key. The topic is shared by all tests, so each test looks only at its own nconsts.
 */
public final class ChangeEventCollector {

    private static volatile ChangeEventCollector instance;

    private final Map<String, List<ReceivedEvent>> byNconst = new ConcurrentHashMap<>();
    private final List<ReceivedHeartbeat> heartbeats = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Admin admin;
    private final List<TopicPartition> partitions;

    /** A decoded record with its headers and place in the log. */
    public record ReceivedEvent(NameChangeEvent event, Map<String, String> headers, int partition, long offset) {
    }

    /** A relay heartbeat and its place in the log. */
    public record ReceivedHeartbeat(Heartbeat heartbeat, int partition, long offset) {
    }

    public static ChangeEventCollector shared() {
        if (instance == null) {
            synchronized (ChangeEventCollector.class) {
                if (instance == null) {
                    instance = new ChangeEventCollector();
                }
            }
        }
        return instance;
    }

    private ChangeEventCollector() {
        String bootstrap = SharedContainers.kafka().getBootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        // Created here with the contract's partition count, so whichever of the collector and the relay
        // comes first, the topic has the same shape (the relay's creation is then a no-op).
        try {
            admin.createTopics(List.of(new NewTopic(Topics.NAME_CHANGES, Topics.NAME_CHANGES_PARTITIONS, (short) 1)))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        partitions = IntStream.range(0, Topics.NAME_CHANGES_PARTITIONS)
                .mapToObj(p -> new TopicPartition(Topics.NAME_CHANGES, p)).toList();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Thread.ofPlatform().daemon().name("test-change-collector").start(() -> consume(consumer));
    }

    private void consume(KafkaConsumer<String, byte[]> consumer) {
        while (true) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    if (Heartbeat.isHeartbeatType(headers.get(CloudEventHeaders.TYPE))) {
                        heartbeats.add(new ReceivedHeartbeat(HeartbeatCodec.decode(record.value()), record.partition(),
                                record.offset()));
                        continue;
                    }
                    NameChangeEvent event = NameChangeEventCodec.decode(record.value());
                    byNconst.computeIfAbsent(record.key(), key -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(new ReceivedEvent(event, Map.copyOf(headers), record.partition(), record.offset()));
                }
                for (TopicPartition partition : partitions) {
                    positions.put(partition, consumer.position(partition));
                }
            } catch (RuntimeException e) {
                // Kafka paused by an outage test: keep trying, the test unpauses it.
            }
        }
    }

    /** Every record received so far with the nconst as key, in log order. */
    public List<ReceivedEvent> eventsFor(String nconst) {
        return List.copyOf(byNconst.getOrDefault(nconst, List.of()));
    }

    /** Every heartbeat received so far on a partition, in log order. */
    public List<ReceivedHeartbeat> heartbeatsOn(int partition) {
        return heartbeats.stream().filter(h -> h.partition() == partition).toList();
    }

    public List<ReceivedEvent> eventsFor(Set<String> nconsts) {
        List<ReceivedEvent> all = new ArrayList<>();
        nconsts.forEach(nconst -> all.addAll(eventsFor(nconst)));
        return all;
    }

    /** Waits until everything in the topic now has been read: later assertions see every record so far. */
    public void awaitCaughtUp() {
        Map<TopicPartition, Long> ends;
        try {
            ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        await("collector reaches the end of " + Topics.NAME_CHANGES).atMost(Duration.ofSeconds(60))
                .until(() -> ends.entrySet().stream()
                        .allMatch(end -> positions.getOrDefault(end.getKey(), -1L) >= end.getValue()));
    }
}
