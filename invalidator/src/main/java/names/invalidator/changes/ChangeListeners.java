package names.invalidator.changes;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** Access to the change listener's container, for health and operations, without exposing its id. */
@Component
public class ChangeListeners {

    private final KafkaListenerEndpointRegistry registry;

    ChangeListeners(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    /** @return the container, or null before the listener was registered */
    public MessageListenerContainer container() {
        return registry.getListenerContainer(ChangeEventListener.ID);
    }
}
