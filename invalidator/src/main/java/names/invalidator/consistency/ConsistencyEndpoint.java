package names.invalidator.consistency;

import java.util.List;

import names.memcached.consistency.ConsistencyLedger;
import names.memcached.consistency.ConsistencySummary;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/consistency}: what the invalidation checks found, for a human: counts per window,
 * nines over the period, checks shed, and the last inconsistencies with what was done about them.
 */
@Component
@Endpoint(id = "consistency")
public class ConsistencyEndpoint {

    private final InvalidationObserver observer;
    private final ConsistencyLedger ledger;
    private final ConsistencyObserverProperties properties;

    ConsistencyEndpoint(InvalidationObserver observer, ConsistencyLedger invalidationConsistencyLedger,
            ConsistencyObserverProperties properties) {
        this.observer = observer;
        this.ledger = invalidationConsistencyLedger;
        this.properties = properties;
    }

    @ReadOperation
    public Report consistency() {
        return new Report(properties.enabled(), properties.sampleRate(),
                properties.windows().stream().map(ConsistencyObserverProperties::tag).toList(),
                properties.queueCapacity(), observer.pending(), List.of(ledger.summary()));
    }

    /**
     * @param pendingChecks (event, window) checks queued now, of at most queueCapacity
     * @param observers one summary per observer in this service (here: the invalidation checks)
     */
    public record Report(boolean enabled, double sampleRate, List<String> windows, int queueCapacity,
            long pendingChecks, List<ConsistencySummary> observers) {
    }
}
