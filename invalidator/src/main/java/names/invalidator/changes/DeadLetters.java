package names.invalidator.changes;

import names.contract.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes poison records to {@link Topics#NAME_CHANGES_DEAD_LETTER}, byte for byte, with spring-kafka's
 * standard {@code kafka_dlt-*} headers: exception class and message (the decoder's reason), original
 * topic, partition, offset, timestamp and consumer group.
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
    }

    void publish(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception reason) {
        recoverer.accept(record, consumer, reason);
    }
}
