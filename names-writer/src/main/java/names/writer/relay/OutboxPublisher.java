package names.writer.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import names.contract.Topics;
import names.contract.event.CloudEventHeaders;
import names.contract.event.Heartbeat;
import names.contract.event.HeartbeatCodec;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends change events to Kafka and reports how many, from the first, were acknowledged.
 *
 * <p>The producer and the topic are set up lazily, on the relay thread: Kafka being unreachable when the
 * writer starts must not stop it from accepting writes (they only need Postgres).
 */
class OutboxPublisher implements AutoCloseable {

    /**
     * Kafka 4 raised the default linger to 5 ms, which would add 5 ms to every write's invalidation while
     * the relay sends one small batch per commit; 1 ms still lets a busy batch fill.
     */
    static final Duration LINGER = Duration.ofMillis(1);

    private final Map<String, Object> baseConfig;
    private final Map<String, Object> adminConfig;
    private final RelayProperties properties;
    private final NewTopic topic;
    private Producer<String, byte[]> producer;
    private Admin admin;
    private boolean topicReady;

    OutboxPublisher(Map<String, Object> producerConfig, Map<String, Object> adminConfig, RelayProperties properties,
            NewTopic topic) {
        this.baseConfig = Map.copyOf(producerConfig);
        this.adminConfig = Map.copyOf(adminConfig);
        this.properties = properties;
        this.topic = topic;
    }

    /**
     * Sends all changes in order, waits for the acknowledgements and returns the length of the
     * acknowledged prefix. Stops sending at the first failure: rows after it stay pending anyway, and
     * each further send could block for {@code max.block.ms}.
     *
     * <p>Returns within {@link RelayProperties#publishTimeout()}: the relay calls this inside its
     * transaction, whose idle time PostgreSQL bounds ({@code idle-in-transaction-timeout}).
     */
    synchronized Publication publish(List<PendingChange> changes) throws InterruptedException {
        long deadline = System.nanoTime() + properties.publishTimeout().toNanos();
        try {
            prepare();
        } catch (ExecutionException e) {
            return new Publication(0, e.getCause() instanceof Exception cause ? cause : e);
        } catch (RuntimeException | TimeoutException e) {
            return new Publication(0, e);
        }
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size());
        Exception failure = null;
        for (PendingChange change : changes) {
            if (failed.get()) {
                break;
            }
            try {
                acks.add(producer.send(record(change.toEvent()), (metadata, error) -> {
                    if (error != null) {
                        failed.set(true);
                    }
                }));
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                throw new InterruptedException("interrupted while sending");
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        int acknowledged = 0;
        for (Future<RecordMetadata> ack : acks) {
            try {
                // The producer fails a record delivery-timeout after its send, so this deadline is only a
                // safety net; a record it cuts short stays pending and is sent again (a duplicate at worst).
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
                break;
            } catch (TimeoutException e) {
                failure = new TimeoutException("no acknowledgement from Kafka within " + properties.publishTimeout());
                break;
            }
        }
        return new Publication(acknowledged, failure);
    }

    /**
     * Sends one {@link Heartbeat} closed at {@code closedAt} to EVERY partition of the topic (explicit
     * partition, null key) and waits for all acknowledgements. The caller must already have every change
     * committed before {@code closedAt} acknowledged: the idempotent producer keeps a partition's records
     * in send order, so each heartbeat lands behind them.
     *
     * @return null when every partition acknowledged, else why not (the caller retries on a later cycle)
     */
    synchronized Exception heartbeat(Instant closedAt) throws InterruptedException {
        long deadline = System.nanoTime() + properties.publishTimeout().toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            prepare();
            // From the producer's metadata, not the configuration: every partition that exists must be
            // closed, or a consumer of an unannounced one would be vouched for without being complete.
            List<PartitionInfo> partitions = producer.partitionsFor(Topics.NAME_CHANGES);
            Instant sentAt = Instant.now();
            for (PartitionInfo partition : partitions) {
                acks.add(producer.send(heartbeatRecord(Heartbeat.of(partition.partition(), closedAt, sentAt))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return null;
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw new InterruptedException("interrupted while sending heartbeats");
        } catch (ExecutionException e) {
            return e.getCause() instanceof Exception cause ? cause : e;
        } catch (RuntimeException e) {
            return e;
        } catch (TimeoutException e) {
            return new TimeoutException("no heartbeat acknowledgement from Kafka within " + properties.publishTimeout());
        }
    }

    static ProducerRecord<String, byte[]> heartbeatRecord(Heartbeat heartbeat) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.NAME_CHANGES, heartbeat.partition(), null,
                HeartbeatCodec.encode(heartbeat));
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.TYPE, Heartbeat.TYPE);
        header(record, CloudEventHeaders.SOURCE, CloudEventHeaders.WRITER_SOURCE);
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.TIME, heartbeat.sentAt().toString());
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_VALUE);
        return record;
    }

    private void prepare() throws InterruptedException, ExecutionException, TimeoutException {
        if (!topicReady) {
            createTopic();
            topicReady = true;
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig());
        }
    }

    /**
     * Creates the topic with the contract's partition count before the first send, rather than through
     * KafkaAdmin at startup (spring.kafka.admin.auto-create=false): startup must not wait for Kafka, and
     * the first send would otherwise let the broker auto-create it with its default partition count.
     * A plain Admin client with our own short timeouts, because KafkaAdmin's close waits far longer when
     * Kafka is down. An existing topic is left as it is.
     */
    private void createTopic() throws InterruptedException, ExecutionException, TimeoutException {
        int timeout = (int) properties.maxBlock().toMillis();
        if (admin == null) {
            // Kept across failed attempts: each new client would re-bootstrap (and log) from scratch.
            Map<String, Object> config = new HashMap<>(adminConfig);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
            admin = Admin.create(config);
        }
        try {
            admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka unreachable: creating topic " + topic.name() + " timed out after "
                    + timeout + " ms");
        }
        closeAdmin();
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofMillis(500));
            admin = null;
        }
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Idempotence with acks=all: retries inside the producer never duplicate or reorder a partition's
        // records, and an acknowledged event survives the loss of the partition leader.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) LINGER.toMillis());
        // Bounded, so that a Kafka outage shows up as a failed cycle within seconds (then the relay backs
        // off and retries) instead of sends hanging for the default two minutes.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.deliveryTimeout().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.requestTimeout().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.maxBlock().toMillis());
        return config;
    }

    static ProducerRecord<String, byte[]> record(NameChangeEvent event) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.NAME_CHANGES, event.nconst(), NameChangeEventCodec.encode(event));
        header(record, CloudEventHeaders.ID, event.eventId().toString());
        header(record, CloudEventHeaders.TYPE, event.type().wireName());
        header(record, CloudEventHeaders.SOURCE, CloudEventHeaders.WRITER_SOURCE);
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.TIME, NameChangeEventCodec.instantText(event.committedAt()));
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_VALUE);
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() {
        closeAdmin();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** @param failure why the record after the acknowledged prefix was not acknowledged; null if all were */
    record Publication(int acknowledged, Exception failure) {
    }
}
