package names.invalidator.changes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.contract.event.MalformedChangeEventException;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.invalidator.cache.InvalidationIncompleteException;
import names.invalidator.cache.MemcachedPools;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.stereotype.Component;

/**
 * Applies a batch of change events: every affected key is deleted from every pool, then poison records
 * are dead-lettered. The batch's offsets are committed only when this method returns normally; any failure
 * throws and the whole batch is attempted again (see {@link ChangeConsumerConfiguration}).
 */
@Component
class ChangeEventListener {

    /** The listener container's id, for the registry (health, tests). */
    static final String ID = "name-changes";

    private static final Logger log = LoggerFactory.getLogger(ChangeEventListener.class);

    private final MemcachedPools pools;
    private final DeadLetters deadLetters;
    private final InvalidationMetrics metrics;
    private final RetryState retryState;
    private final Clock clock;

    ChangeEventListener(MemcachedPools pools, DeadLetters deadLetters, InvalidationMetrics metrics,
            RetryState retryState, Clock clock) {
        this.pools = pools;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.retryState = retryState;
        this.clock = clock;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = Topics.NAME_CHANGES, batch = "true")
    void onChanges(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        List<NameChangeEvent> events = new ArrayList<>(records.size());
        List<Poison> poison = new ArrayList<>();
        // Many events for one name (or one birth year) in a batch need each key deleted only once.
        Set<String> keys = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                NameChangeEvent event = NameChangeEventCodec.decode(record.value());
                keys.addAll(CacheKeys.affectedBy(event));
                events.add(event);
            } catch (MalformedChangeEventException | IllegalArgumentException e) {
                poison.add(new Poison(record, e));
            }
        }
        try {
            pools.deleteEverywhere(keys);
            // Only after the deletes: a batch retried because memcached was down does not dead-letter its
            // poison again. (A dead-letter send that fails half way does repeat the ones already sent.)
            for (Poison bad : poison) {
                log.warn("dead-lettering {}: {}", KafkaUtils.format(bad.record()), bad.reason().getMessage());
                deadLetters.publish(bad.record(), consumer, bad.reason());
                metrics.deadLettered(bad.reason());
            }
        } catch (RuntimeException e) {
            metrics.attemptFailed();
            retryState.failed(e, clock.instant());
            // Always the same retryable type, so the error handler never classifies a failure as fatal
            // and hands the batch to a recoverer: an invalidation is never skipped.
            throw e instanceof InvalidationIncompleteException incomplete ? incomplete
                    : new InvalidationIncompleteException("batch not applied: " + e.getMessage(), e);
        }
        retryState.succeeded();
        Instant now = clock.instant();
        events.forEach(event -> metrics.applied(event.committedAt(), now));
    }

    private record Poison(ConsumerRecord<String, byte[]> record, RuntimeException reason) {
    }
}
