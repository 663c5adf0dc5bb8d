package names.api.consistency;

import java.time.Duration;
import java.util.List;

import names.memcached.consistency.ConsistencyLedger;
import names.memcached.consistency.ConsistencySummary;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/consistency}: what the cache inspection found, for a human: entries compared with
 * PostgreSQL, inconsistencies, nines over the period, checks shed, the last inconsistencies and their repair.
 */
@Component
@Endpoint(id = "consistency")
public class ConsistencyEndpoint {

    private final CacheInspector inspector;
    private final ConsistencyLedger ledger;
    private final InspectionProperties properties;

    ConsistencyEndpoint(CacheInspector inspector, ConsistencyLedger inspectionConsistencyLedger,
            InspectionProperties properties) {
        this.inspector = inspector;
        this.ledger = inspectionConsistencyLedger;
        this.properties = properties;
    }

    @ReadOperation
    public Report consistency() {
        return new Report(properties.enabled(), properties.readsPerSecond(), properties.recheckDelay(),
                inspector.pendingRechecks(), List.of(ledger.summary()));
    }

    /**
     * @param pendingRechecks suspects waiting for their recheck
     * @param observers one summary per observer in this service (here: the inspection)
     */
    public record Report(boolean enabled, double readsPerSecond, Duration recheckDelay, int pendingRechecks,
            List<ConsistencySummary> observers) {
    }
}
