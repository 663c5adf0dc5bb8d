package names.api.cache;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

import names.memcached.MemcachedPool;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * memcached as a health detail. Kept out of the readiness group on purpose: reads survive a dead
 * memcached (they fall back to PostgreSQL), so taking the api out of rotation would only make it worse.
 */
public class MemcachedHealthIndicator extends AbstractHealthIndicator {

    private static final long TIMEOUT_MS = 500;

    private final MemcachedPool pool;
    private final CircuitBreaker breaker;

    public MemcachedHealthIndicator(MemcachedPool pool, CircuitBreaker breaker) {
        super("memcached health check failed");
        this.pool = pool;
        this.breaker = breaker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("pool", pool.name())
                .withDetail("servers", pool.settings().servers())
                .withDetail("ringComplete", pool.ringComplete())
                .withDetail("breakerOpen", breaker.isOpen());
        Map<InetSocketAddress, String> versions = pool.client().getVersions(TIMEOUT_MS);
        Map<String, String> answered = new TreeMap<>();
        versions.forEach((address, version) -> answered.put(address.toString(), version));
        builder.withDetail("versions", answered);
        boolean allAnswered = answered.size() >= pool.settings().servers().size()
                && answered.values().stream().allMatch(v -> v != null && !v.isBlank());
        if (allAnswered && pool.ringComplete()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
