package names.writer.relay;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Relay state for operators. Always UP: a Kafka outage does not make the writer unfit to take writes
 * (they queue in the change log), so it must not be taken out of a load balancer for it.
 */
class RelayHealthIndicator implements HealthIndicator {

    private final OutboxRelay relay;
    private final RelayMetrics metrics;

    RelayHealthIndicator(OutboxRelay relay, RelayMetrics metrics) {
        this.relay = relay;
        this.metrics = metrics;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("state", relay.state().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("pending", metrics.pending())
                .withDetail("oldestPendingAgeSeconds", Math.round(metrics.oldestPendingAgeSeconds()));
        if (relay.lastPublishedAt() != null) {
            health.withDetail("lastPublishedAt", relay.lastPublishedAt().toString());
        }
        if (relay.lastFailure() != null) {
            health.withDetail("lastFailure", relay.lastFailure());
        }
        return health.build();
    }
}
