package names.invalidator.health;

import java.util.LinkedHashMap;
import java.util.Map;

import names.invalidator.changes.ChangeListeners;
import names.invalidator.changes.RetryState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * DOWN when any node's change consumer is not consuming: that node gets no invalidations at all, and
 * restarting the instance is the remedy. A consumer retrying a batch because its memcached node is
 * unreachable stays UP (it recovers by itself and a restart would not help; the other nodes are not held
 * back), with the retry shown in the details.
 */
@Component("changeListener")
class ListenerHealthIndicator implements HealthIndicator {

    private final ChangeListeners listeners;
    private final RetryState retryState;

    ListenerHealthIndicator(ChangeListeners listeners, RetryState retryState) {
        this.listeners = listeners;
        this.retryState = retryState;
    }

    @Override
    public Health health() {
        Map<String, Object> nodes = new LinkedHashMap<>();
        boolean allRunning = !listeners.containers().isEmpty();
        for (Map.Entry<String, ? extends MessageListenerContainer> entry : listeners.containers().entrySet()) {
            MessageListenerContainer container = entry.getValue();
            boolean running = container.isRunning();
            if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
                // A consumer thread that died (e.g. on a fatal Kafka error) leaves its parent "running".
                running &= concurrent.getContainers().stream().allMatch(MessageListenerContainer::isRunning);
            }
            nodes.put(entry.getKey(), Map.of("consumer", running ? "running" : "stopped",
                    "groupId", String.valueOf(container.getGroupId())));
            allRunning &= running;
        }
        Health.Builder health = allRunning ? Health.up() : Health.down();
        health.withDetail("nodes", nodes);
        var failing = retryState.failing();
        if (!failing.isEmpty()) {
            health.withDetail("retryingBatches", failing);
        }
        return health.build();
    }
}
