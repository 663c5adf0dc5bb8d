package names.invalidator.changes;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import names.invalidator.cache.InvalidationIncompleteException;
import names.invalidator.cache.NodeDeleter;
import names.invalidator.consistency.InvalidationObserver;
import names.memcached.KetamaRing;
import names.memcached.MemcachedNodes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Applies change events to ONE memcached node: of every affected key, the ones the ring places on this
 * node are deleted there. Each node has its own consumer group on the change topic (see
 * {@link NodeConsumers}), so a node that is down, paused or slow holds back only its own deletes: its
 * group stops committing and Kafka keeps its backlog, however long the outage, while the other nodes'
 * groups go on.
 *
 * <p>Relay heartbeats in the batch are neither applied nor dead-lettered: once every delete of the batch
 * succeeded, the latest one per partition advances this node's watermark ({@link NodeWatermarks}).
 *
 * <p>A batch's offsets are committed only when this method returns normally; any failure throws and the
 * error handler attempts the whole batch again (see {@link ChangeConsumerConfiguration}).
 */
class NodeInvalidator implements BatchConsumerAwareMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(NodeInvalidator.class);

    private final NodeDeleter deleter;
    private final RecordReader reader;
    private final KetamaRing ring;
    private final String node;
    private final Predicate<ConsumerRecord<String, byte[]>> deadLettersHere;
    private final DeadLetters deadLetters;
    private final InvalidationMetrics metrics;
    private final InvalidationMetrics.NodeMeters meters;
    private final RetryState retryState;
    private final Clock clock;
    private final NodeWatermarks watermarks;
    private final MemcachedNodes pool;
    private final InvalidationObserver observer;

    /**
     * @param deadLettersHere whether this node's consumer is the one that dead-letters a poison record (all
     *     node consumers see it; exactly one publishes it, after its own delete of the record key)
     */
    NodeInvalidator(NodeDeleter deleter, RecordReader reader, MemcachedNodes pool, Predicate<ConsumerRecord<String, byte[]>> deadLettersHere,
            DeadLetters deadLetters, InvalidationMetrics metrics, RetryState retryState, Clock clock,
            NodeWatermarks watermarks, InvalidationObserver observer) {
        this.deleter = deleter;
        this.reader = reader;
        this.pool = pool;
        this.ring = pool.ring();
        this.observer = observer;
        this.node = deleter.node().name();
        this.deadLettersHere = deadLettersHere;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.meters = metrics.forNode(deleter.pool(), node);
        this.retryState = retryState;
        this.clock = clock;
        this.watermarks = watermarks;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        NodeBatch batch = NodeBatch.read(records, reader, ring, node, deadLettersHere);
        try {
            deleter.deleteAll(batch.keys());
            // Only after the deletes: the record key is gone before its record reaches the dead-letter
            // topic, and a batch retried because memcached was down does not dead-letter its poison again.
            // (A dead-letter send that fails half way does repeat the ones already sent.)
            for (NodeBatch.Poison bad : batch.poison()) {
                log.warn("dead-lettering {}: {}", KafkaUtils.format(bad.record()), bad.reason().getMessage());
                deadLetters.publish(bad.record(), consumer, bad.reason());
                metrics.deadLettered(bad.reason());
            }
            // Last: a heartbeat vouches for the deletes ahead of it, all acknowledged by now.
            watermarks.advance(batch.closed());
        } catch (RuntimeException e) {
            meters.attemptFailed();
            retryState.failed(e, clock.instant());
            // Always the same retryable type, so the error handler never classifies a failure as fatal
            // and hands the batch to a recoverer: an invalidation is never skipped.
            throw e instanceof InvalidationIncompleteException incomplete ? incomplete
                    : new InvalidationIncompleteException("batch not applied on " + deleter + ": " + e.getMessage(), e);
        }
        retryState.succeeded();
        Instant now = clock.instant();
        batch.events().forEach(event -> meters.applied(event.committedAt(), now));
        // Behind the invalidation: only enqueues (or sheds), so it never delays the next batch.
        observer.applied(deleter, pool, batch.events());
    }
}
