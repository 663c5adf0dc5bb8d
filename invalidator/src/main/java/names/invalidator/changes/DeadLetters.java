package names.invalidator.changes;

import java.nio.charset.StandardCharsets;

import names.contract.Topics;
import names.contract.event.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes poison records to {@link Topics#NAME_CHANGES_DEAD_LETTER}, byte for byte, with spring-kafka's
 * standard {@code kafka_dlt-*} headers (exception class and message: the decoder's reason, original
 * topic, partition, offset, timestamp and consumer group) plus {@link DeadLetterHeaders}: what was and
 * what was not invalidated for it.
 */
class DeadLetters {

    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetters(KafkaOperations<String, byte[]> template) {
        // Partition -1: the producer picks one from the key (the nconst, when there is one), so poison
        // records of one name stay in order even if the dead-letter topic is resized.
        this.recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.NAME_CHANGES_DEAD_LETTER, -1));
        // Wait for the broker's ack: the record's offset is committed right after, so an unacknowledged
        // send could lose the poison record without trace. A failed send throws and the batch is retried.
        this.recoverer.setFailIfSendResultIsError(true);
        this.recoverer.setHeadersFunction((record, exception) -> {
            PoisonRecord poison = PoisonRecord.of(record);
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.INVALIDATED, utf8(String.join(",", poison.invalidated())));
            headers.add(DeadLetterHeaders.NOT_INVALIDATED, utf8(poison.notInvalidated()));
            return headers;
        });
    }

    /** Call only after the deletes {@link PoisonRecord#of} names were acknowledged: the headers say so. */
    void publish(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception reason) {
        recoverer.accept(record, consumer, reason);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
