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
 * DOWN when the change listener is not consuming: no invalidations happen at all, and restarting the
 * instance is the remedy. A consumer retrying a batch because memcached is unreachable stays UP (it
 * recovers by itself and a restart would not help), with the retry shown in the details.
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
        MessageListenerContainer container = listeners.container();
        if (container == null) {
            return Health.down().withDetail("container", "not registered").build();
        }
        Map<String, Object> consumers = new LinkedHashMap<>();
        boolean allRunning = container.isRunning();
        if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
            for (MessageListenerContainer child : concurrent.getContainers()) {
                consumers.put("consumer-" + consumers.size(), child.isRunning() ? "running" : "stopped");
                allRunning &= child.isRunning();
            }
        }
        Health.Builder health = allRunning ? Health.up() : Health.down();
        health.withDetail("container", container.isRunning() ? "running" : "stopped")
                .withDetail("consumers", consumers);
        if (container.isPauseRequested()) {
            health.withDetail("pauseRequested", true);
        }
        var failing = retryState.failing();
        if (!failing.isEmpty()) {
            health.withDetail("retryingBatches", failing);
        }
        return health.build();
    }
}
