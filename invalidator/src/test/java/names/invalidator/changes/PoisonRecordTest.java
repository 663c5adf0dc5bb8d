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
import names.contract.event.DeadLetterHeaders;
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
        String valid = NameChangeEventCodec.encodeToString(event(NameChangeType.UPDATED, nconst, null, null));
        byte[] garbage = ("garbage " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] badNconst = valid.replace(nconst, "nm12;flush_all").getBytes(StandardCharsets.UTF_8);
        double deadLetters = counter("names.invalidation.dead_letters", "reason", "MalformedChangeEventException");

        // Same key as the valid event, hence the same partition: the poison sits in front of it.
        send(nconst, garbage);
        send(nconst, badNconst);
        set(CacheKeys.name(nconst), cachedName(nconst));
        publish(event(NameChangeType.UPDATED, nconst, null, null));

        await().untilAsserted(() -> assertThat(get(CacheKeys.name(nconst))).isNull());
        List<ConsumerRecord<String, byte[]>> dead = deadLettersKeyed(nconst, 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(garbage, badNconst);
        assertThat(dead).allSatisfy(record -> {
            assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.NAME_CHANGES);
            assertThat(header(record, "kafka_dlt-exception-fqcn")).endsWith("MalformedChangeEventException");
            assertThat(header(record, DeadLetterHeaders.INVALIDATED)).isEqualTo(CacheKeys.name(nconst));
            assertThat(header(record, DeadLetterHeaders.NOT_INVALIDATED)).contains("birth-year");
        });
        assertThat(dead).extracting(record -> header(record, "kafka_dlt-exception-message"))
                .anySatisfy(reason -> assertThat(reason).startsWith("not JSON"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid nconst"));
        assertThat(counter("names.invalidation.dead_letters", "reason", "MalformedChangeEventException"))
                .isGreaterThanOrEqualTo(deadLetters + 2);
    }

    @Test
    void anUnreadableRecordKeyedByAValidNconstStillDeletesThatNameBeforeItIsDeadLettered() {
        String nconst = newNconst();
        set(CacheKeys.name(nconst), cachedName(nconst));
        byte[] garbage = ("{\"schemaVersion\":1,\"truncat" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

        send(nconst, garbage);

        List<ConsumerRecord<String, byte[]>> dead = deadLettersKeyed(nconst, 1);
        // The dead letter is published only after the delete was acknowledged.
        assertThat(get(CacheKeys.name(nconst))).isNull();
        assertThat(header(dead.getFirst(), DeadLetterHeaders.INVALIDATED)).isEqualTo(CacheKeys.name(nconst));
    }

    @Test
    void aPoisonRecordWithoutAValidKeyIsDeadLetteredOnceAndSaysNothingWasInvalidated() {
        String key = "not-an-nconst-" + UUID.randomUUID();

        send(key, "garbage".getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> dead = deadLettersKeyed(key, 1);
        assertThat(header(dead.getFirst(), DeadLetterHeaders.INVALIDATED)).isEmpty();
        assertThat(header(dead.getFirst(), DeadLetterHeaders.NOT_INVALIDATED)).startsWith("every key");
        // two node consumers saw it; exactly one dead-lettered it
        assertThat(deadLettersKeyedAfterAll(key)).hasSize(1);
    }

    @Test
    void anEventOfANewerSchemaThatCarriesTheFieldsThisVersionNeedsIsApplied() {
        String nconst = newNconst();
        int year = newBirthYear();
        set(CacheKeys.name(nconst), cachedName(nconst));
        set(CacheKeys.birthYearGeneration(year), "generation-1");
        String v1 = NameChangeEventCodec.encodeToString(event(NameChangeType.UPDATED, nconst, year, year));
        String v2 = v1.replace("\"schemaVersion\":1", "\"schemaVersion\":2")
                .replace("}", ",\"changedFields\":[\"primaryName\"]}");

        send(nconst, v2.getBytes(StandardCharsets.UTF_8));

        await().untilAsserted(() -> {
            assertThat(get(CacheKeys.name(nconst))).isNull();
            assertThat(get(CacheKeys.birthYearGeneration(year))).isNull();
        });
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

    /** Every dead letter with this key, read to the end of the topic. */
    private static List<ConsumerRecord<String, byte[]>> deadLettersKeyedAfterAll(String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedContainers.kafka().getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.NAME_CHANGES_DEAD_LETTER));
            // Two seconds of empty polls after the last record: the topic's end as far as it matters here.
            long quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
