package names.invalidator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.contract.event.NameChangeEventCodec;
import names.contract.event.NameChangeType;
import names.invalidator.InvalidatorIntegrationTest;
import names.testsupport.SharedContainers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class PoisonRecordTest extends InvalidatorIntegrationTest {

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheNextEventIsStillApplied() {
        String nconst = newNconst();
        set(POOL_A, CacheKeys.name(nconst), cachedName(nconst));
        String valid = NameChangeEventCodec.encodeToString(event(NameChangeType.UPDATED, nconst, null, null));
        byte[] garbage = ("garbage " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] futureSchema = valid.replace("\"schemaVersion\":1", "\"schemaVersion\":99").getBytes(StandardCharsets.UTF_8);
        byte[] badNconst = valid.replace(nconst, "nm12;flush_all").getBytes(StandardCharsets.UTF_8);
        double deadLetters = counter("names.invalidation.dead_letters", "reason", "MalformedChangeEventException");

        // Same key as the valid event, hence the same partition: the poison sits in front of it.
        send(nconst, garbage);
        send(nconst, futureSchema);
        send(nconst, badNconst);
        publish(event(NameChangeType.UPDATED, nconst, null, null));

        await().untilAsserted(() -> assertThat(get(POOL_A, CacheKeys.name(nconst))).isNull());
        List<ConsumerRecord<String, byte[]>> dead = deadLettersKeyed(nconst, 3);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(garbage, futureSchema, badNconst);
        assertThat(dead).allSatisfy(record -> {
            assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.NAME_CHANGES);
            assertThat(header(record, "kafka_dlt-exception-fqcn")).endsWith("MalformedChangeEventException");
        });
        assertThat(dead).extracting(record -> header(record, "kafka_dlt-exception-message"))
                .anySatisfy(reason -> assertThat(reason).startsWith("not JSON"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("unknown schemaVersion 99"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid nconst"));
        assertThat(counter("names.invalidation.dead_letters", "reason", "MalformedChangeEventException"))
                .isGreaterThanOrEqualTo(deadLetters + 3);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettersKeyed(String key, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedContainers.kafka().getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.NAME_CHANGES_DEAD_LETTER));
            await().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
