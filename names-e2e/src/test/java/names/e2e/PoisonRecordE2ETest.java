package names.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.StreamSupport;

import names.contract.Topics;
import names.tools.client.ApiClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A record the invalidator cannot understand is parked, and the partition keeps flowing. */
class PoisonRecordE2ETest extends E2ETestBase {

    @Test
    void poisonRecordLandsOnTheDeadLetterTopicAndLaterWritesAreStillInvalidated() throws Exception {
        String nconst = newNconst();
        long created = create(name(nconst, "Goran Before Poison", 1940)).version();
        ChangePropagationE2ETest.awaitCachedVersion(nconst, created);
        byte[] poison = ("this is not JSON " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

        try (TopicWatcher deadLetters = new TopicWatcher(stack.kafkaBootstrap(), Topics.NAME_CHANGES_DEAD_LETTER);
             KafkaProducer<String, byte[]> producer = producer()) {
            // Keyed like the name's own events: the same partition must get past it.
            producer.send(new ProducerRecord<>(Topics.NAME_CHANGES, nconst, poison)).get();

            ConsumerRecord<String, byte[]> parked = deadLetters.awaitRecord("poison on the DLT",
                    record -> Arrays.equals(record.value(), poison), PROPAGATION);
            assertThat(StreamSupport.stream(parked.headers().spliterator(), false)
                    .map(header -> new String(header.value(), StandardCharsets.UTF_8)))
                    .as("a header says why").anyMatch(value -> value.contains("not JSON"));
        }

        long updated = replace(name(nconst, "Goran After Poison", 1940)).version();
        await("a later write is invalidated").atMost(PROPAGATION).untilAsserted(() -> {
            ApiClient.NameRead read = api.get(nconst);
            assertThat(read.version()).isEqualTo(updated);
            assertThat(read.name().primaryName()).isEqualTo("Goran After Poison");
        });
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
