package names.invalidator.health;

import java.util.Map;

import names.invalidator.ring.RingMarkerWriter;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN while another invalidator marks one of our nodes with a ring we do not apply: two configurations
 * disagree about which node holds which key, so some deletes go to the wrong node.
 */
@Component("ringMarkers")
class RingMarkerHealthIndicator implements HealthIndicator {

    private final RingMarkerWriter writer;

    RingMarkerHealthIndicator(RingMarkerWriter writer) {
        this.writer = writer;
    }

    @Override
    public Health health() {
        Map<String, RingMarkerWriter.NodeMarker> status = writer.status();
        boolean conflict = status.values().stream().anyMatch(marker -> !marker.foreignLines().isEmpty());
        Health.Builder health = conflict ? Health.down().withDetail("reason",
                "another invalidator marks these nodes with a different ring (node list or names);"
                        + " every reader and invalidator must be configured with the same nodes") : Health.up();
        return health.withDetail("nodes", status).build();
    }
}
