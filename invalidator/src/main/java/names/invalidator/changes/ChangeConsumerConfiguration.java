package names.invalidator.changes;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import names.contract.Topics;
import names.invalidator.InvalidatorProperties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The change consumers (one per memcached node, built by {@link NodeConsumers} from this factory): raw bytes
 * in, batch listener, offsets committed only after a batch was applied.
 *
 * <p>Connection settings still come from {@code spring.kafka.*} (bootstrap servers, security, client
 * properties) and Boot's customizers (Micrometer client metrics) are applied; everything that decides
 * whether an invalidation can be lost is fixed here and not left to configuration.
 */
@Configuration(proxyBeanMethods = false)
class ChangeConsumerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChangeConsumerConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DefaultKafkaConsumerFactory<String, byte[]> changeConsumerFactory(KafkaProperties kafka,
            KafkaConnectionDetails connection, InvalidatorProperties properties,
            ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
        // The group id is set per node container (NodeConsumers), never shared between nodes.
        // A new group starts at the oldest retained change: a gap would be stale cache entries.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The container commits, and only offsets of batches the listener returned normally from.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // Bytes, decoded by the listener: a deserializer that threw on a poison record would fail the
        // poll itself, and the container could not tell that record apart from the rest of the batch.
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    @Bean
    DefaultKafkaProducerFactory<String, byte[]> deadLetterProducerFactory(KafkaProperties kafka,
            KafkaConnectionDetails connection, ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    @Bean
    KafkaTemplate<String, byte[]> deadLetterTemplate(DefaultKafkaProducerFactory<String, byte[]> deadLetterProducerFactory) {
        return new KafkaTemplate<>(deadLetterProducerFactory);
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> deadLetterTemplate) {
        return new DeadLetters(deadLetterTemplate);
    }

    /** Named like Boot's default so that Boot does not build a second, unused one. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(
            DefaultKafkaConsumerFactory<String, byte[]> changeConsumerFactory, InvalidatorProperties properties) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(changeConsumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(properties.concurrency());
        if (properties.commitInterval().isZero()) {
            factory.getContainerProperties().setAckMode(AckMode.BATCH);
        } else {
            // Offsets of applied batches accumulate and are committed when the interval has passed, checked
            // on every trip through the poll loop; the short poll timeout keeps that trip frequent when no
            // records come, so the last batch's offsets are committed within about two intervals.
            factory.getContainerProperties().setAckMode(AckMode.TIME);
            factory.getContainerProperties().setAckTime(properties.commitInterval().toMillis());
            factory.getContainerProperties().setPollTimeout(properties.commitInterval().toMillis());
        }
        // Asynchronous: the next poll does not wait for the commit's round trip, which would delay every
        // event arriving meanwhile. Still at-least-once: a commit is only ever sent for a batch whose
        // deletes were acknowledged, and if one is lost the batch is applied again (deletes are idempotent).
        factory.getContainerProperties().setSyncCommits(false);
        factory.setCommonErrorHandler(neverGiveUp(properties.retry()));
        return factory;
    }

    /**
     * WHY this error handler (verified in spring-kafka 4.0.6 source: DefaultErrorHandler,
     * FailedBatchProcessor, FallbackBatchErrorHandler, ErrorHandlingUtils.retryBatch):
     *
     * <ul>
     *   <li>The listener throws a plain exception (never BatchListenerFailedException), so
     *       DefaultErrorHandler delegates to its FallbackBatchErrorHandler, which retries the WHOLE batch
     *       in place: it pauses all assigned partitions and, between attempts and while sleeping the
     *       back-off, keeps calling {@code consumer.poll(Duration.ZERO)}. Polling resets
     *       max.poll.interval.ms, so the consumer stays in its group however long memcached is away;
     *       paused partitions return no records, so nothing new overtakes the failing batch.</li>
     *   <li>The back-off never stops (maxElapsedTime and maxAttempts unlimited), so the recoverer is
     *       never reached for a retryable failure, and every exception is classified retryable.</li>
     *   <li>Should the recoverer be reached anyway, it throws: retryBatch then seeks every partition back
     *       to the batch's first offset, so the batch is delivered again rather than dropped. (Without
     *       a recoverer, FallbackBatchErrorHandler would log and DISCARD the batch.)</li>
     *   <li>Offsets are committed only after a successful listener call (first try or a retry); if the
     *       container stops during retries the handler throws without committing, and the batch is
     *       consumed again by whichever instance gets the partitions next.</li>
     * </ul>
     * One attempt must itself finish within max.poll.interval.ms: MemcachedPools stops a pool's attempt at
     * its first timeout for that reason.
     */
    private static DefaultErrorHandler neverGiveUp(InvalidatorProperties.Retry retry) {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            log.error("retries of a batch ended at {}: refusing to skip it, it will be delivered again",
                    KafkaUtils.format(record), exception);
            throw new IllegalStateException("an invalidation is never skipped", exception);
        }, backOff);
        handler.setClassifications(Map.of(), true);
        return handler;
    }

    /**
     * The change topic too, not only the dead-letter one: a consumer subscribing before the writer
     * created it would otherwise have the broker auto-create it with one partition, and one partition
     * means one useful invalidator instance. KafkaAdmin leaves an existing topic alone unless it has fewer
     * partitions, which it grows to the contract's count.
     */
    @Bean
    NewTopic nameChangesTopic() {
        return TopicBuilder.name(Topics.NAME_CHANGES).partitions(Topics.NAME_CHANGES_PARTITIONS).build();
    }

    @Bean
    NewTopic nameChangesDeadLetterTopic() {
        return TopicBuilder.name(Topics.NAME_CHANGES_DEAD_LETTER).partitions(Topics.NAME_CHANGES_PARTITIONS).build();
    }
}
