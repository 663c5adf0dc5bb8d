package names.api.cache;

import java.util.LinkedHashMap;
import java.util.Map;

import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * memcached as a health detail, node by node. Kept out of the readiness group on purpose: reads survive a
 * dead memcached (they fall back to PostgreSQL), so taking the api out of rotation would only make it
 * worse. DOWN when a node does not answer, or when the ring disagrees with the invalidator's (then the
 * cache is off, and the reason is in the details).
 */
public class MemcachedHealthIndicator extends AbstractHealthIndicator {

    private static final long TIMEOUT_MS = 500;

    private final MemcachedNodes nodes;
    private final NodeBreakers breakers;
    private final RingAgreement ringAgreement;

    public MemcachedHealthIndicator(MemcachedNodes nodes, NodeBreakers breakers, RingAgreement ringAgreement) {
        super("memcached health check failed");
        this.nodes = nodes;
        this.breakers = breakers;
        this.ringAgreement = ringAgreement;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allAnswer = true;
        for (MemcachedNode node : nodes.nodes()) {
            String version;
            try {
                version = node.client().getVersions(TIMEOUT_MS).values().stream().findFirst().orElse(null);
            } catch (Exception e) {
                version = null;
            }
            allAnswer &= version != null && !version.isBlank();
            details.put(node.name(), Map.of(
                    "address", node.address(),
                    "version", String.valueOf(version),
                    "breakerOpen", breakers.of(node.name()).isOpen(),
                    "ring", ringAgreement.status().getOrDefault(node.name(), "not checked yet")));
        }
        builder.withDetail("pool", nodes.name())
                .withDetail("ring", nodes.ring().toString())
                .withDetail("nodes", details);
        if (!ringAgreement.allowsCache()) {
            builder.down().withDetail("reason", "the invalidator deletes by another ring: the cache is off,"
                    + " every read goes to PostgreSQL, until both are configured with the same nodes");
        } else if (allAnswer) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
