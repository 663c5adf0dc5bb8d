package names.invalidator.changes;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import names.contract.Nconst;
import names.contract.Topics;
import names.contract.cache.CacheKeys;
import names.invalidator.InvalidatorProperties;
import names.invalidator.cache.InvalidationTargets;
import names.invalidator.cache.NodeDeleter;
import names.invalidator.consistency.InvalidationObserver;
import names.memcached.MemcachedNodes;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * One Kafka consumer group per memcached node on the change topic. Kafka is each node's durable spool:
 * a group whose node does not answer stops committing and falls behind (visible per node in
 * {@code kafka-consumer-groups --describe}), keeps nothing in memory but its current batch, survives an
 * invalidator restart, and applies every delete it missed once the node answers; the other groups keep
 * their normal lag meanwhile. A node that restarted empty needs nothing, and gets only harmless deletes.
 *
 * <p>Group ids are {@code <group-id>.<pool>.<node>}. A new node (or a renamed one) starts a new group at
 * the oldest retained change: a burst of deletes, never a gap.
 */
@Component
public class NodeConsumers implements SmartLifecycle {

    private final Map<String, ConcurrentMessageListenerContainer<String, byte[]>> containers = new LinkedHashMap<>();
    private volatile boolean running;

    NodeConsumers(ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, InvalidationTargets targets,
            InvalidatorProperties properties, DeadLetters deadLetters, InvalidationMetrics metrics,
            RetryState retryState, Clock clock, MeterRegistry meters, InvalidationObserver observer) {
        MemcachedNodes deadLetterPool = targets.pools().getFirst();
        RecordReader reader = new RecordReader(properties.sharedReadWindow(), targets.deleters().size(), meters);
        for (NodeDeleter deleter : targets.deleters()) {
            String label = deleter.pool() + "/" + deleter.node().name();
            MemcachedNodes pool = targets.pool(deleter.pool());
            Predicate<ConsumerRecord<String, byte[]>> deadLettersHere = record -> pool == deadLetterPool
                    && deadLetterNode(deadLetterPool, record).equals(deleter.node().name());
            ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(Topics.NAME_CHANGES);
            container.getContainerProperties().setGroupId(groupId(properties.groupId(), deleter));
            // Distinct client ids: per-node consumer metrics (lag, fetch rate) stay apart in Prometheus.
            container.getContainerProperties().setClientId(groupId("invalidator", deleter));
            NodeWatermarks watermarks = new NodeWatermarks(deleter.pool(), deleter.node(), pool.ring(),
                    properties.watermarkTtl(), pool.settings().operationTimeout().toMillis(), clock, meters);
            container.getContainerProperties().setMessageListener(new NodeInvalidator(deleter, reader, pool,
                    deadLettersHere, deadLetters, metrics, retryState, clock, watermarks, observer));
            // With several invalidator instances a rebalance moves partitions away: their watermarks stop
            // advancing HERE, which must not read as a stalled consumer (the ConsumerStalled alert). Lost
            // partitions come here too (Kafka's default onPartitionsLost).
            container.getContainerProperties().setConsumerRebalanceListener(new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    watermarks.forget(partitions.stream().map(TopicPartition::partition).toList());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            // Names the consumer threads, so logs and retry details say which node they serve.
            container.setBeanName("invalidate-" + deleter.pool() + "-" + deleter.node().name());
            containers.put(label, container);
        }
    }

    /**
     * The node whose consumer dead-letters a poison record: the one holding the record key it can still
     * delete (in the first pool), so the delete comes before the dead letter; for a key that is not an
     * nconst, the first node. Exactly one consumer publishes each poison record.
     */
    private static String deadLetterNode(MemcachedNodes pool, ConsumerRecord<String, byte[]> record) {
        return record.key() != null && Nconst.isValid(record.key())
                ? pool.ring().nodeFor(CacheKeys.name(record.key()))
                : pool.ring().nodes().getFirst();
    }

    static String groupId(String base, NodeDeleter deleter) {
        return groupId(base, deleter.pool(), deleter.node().name());
    }

    static String groupId(String base, String pool, String node) {
        return base + "." + safe(pool) + "." + safe(node);
    }

    /** Kafka accepts most characters in a group id; these keep it easy to type in kafka-consumer-groups. */
    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The containers by {@code pool/node}. */
    public Map<String, ? extends MessageListenerContainer> containers() {
        return Map.copyOf(containers);
    }

    @Override
    public synchronized void start() {
        containers.values().forEach(AbstractMessageListenerContainer::start);
        running = true;
    }

    @Override
    public synchronized void stop() {
        containers.values().forEach(AbstractMessageListenerContainer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Where spring-kafka starts its own containers: after everything they use, stopped first. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE;
    }
}
