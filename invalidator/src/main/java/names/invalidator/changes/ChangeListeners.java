package names.invalidator.changes;

import java.util.Map;

import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** The per-node change consumers, for health and operations. */
@Component
public class ChangeListeners {

    private final NodeConsumers consumers;

    ChangeListeners(NodeConsumers consumers) {
        this.consumers = consumers;
    }

    /** Each node's container, by {@code pool/node}. */
    public Map<String, ? extends MessageListenerContainer> containers() {
        return consumers.containers();
    }

    /** @throws IllegalArgumentException if there is no such node */
    public MessageListenerContainer container(String poolAndNode) {
        MessageListenerContainer container = containers().get(poolAndNode);
        if (container == null) {
            throw new IllegalArgumentException("no consumer for " + poolAndNode + "; have " + containers().keySet());
        }
        return container;
    }
}
