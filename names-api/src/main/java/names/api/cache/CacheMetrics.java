package names.api.cache;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Meters of the cache protocol, registered up front so the hot path only increments. */
@Component
public class CacheMetrics {

    public enum Kind {
        RECORD, PAGE
    }

    private final Map<Kind, Map<CacheOutcome, Counter>> requests = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> fillsStored = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> fillsLost = new EnumMap<>(Kind.class);
    private final Counter leaseWaits;
    private final Map<Kind, Counter> staleRefused = new EnumMap<>(Kind.class);

    public CacheMetrics(MeterRegistry registry, NodeBreakers breakers) {
        for (Kind kind : Kind.values()) {
            Map<CacheOutcome, Counter> byOutcome = new EnumMap<>(CacheOutcome.class);
            for (CacheOutcome outcome : CacheOutcome.values()) {
                byOutcome.put(outcome, Counter.builder("names.cache.requests")
                        .description("Reads by how they used memcached (one outcome per request)")
                        .tag("kind", kind.name().toLowerCase())
                        .tag("outcome", outcome.tag())
                        .register(registry));
            }
            requests.put(kind, byOutcome);
            fillsStored.put(kind, fill(registry, kind, "stored"));
            fillsLost.put(kind, fill(registry, kind, "lost"));
            staleRefused.put(kind, Counter.builder("names.cache.stale.refused")
                    .description("Cached entries refused by the staleness bound (neither their read time nor their"
                            + " node's watermark recent enough); each is read from PostgreSQL and replaced")
                    .tag("kind", kind.name().toLowerCase())
                    .register(registry));
        }
        breakers.byNode().forEach((node, breaker) -> Gauge.builder("names.cache.breaker.open", breaker,
                        b -> b.isOpen() ? 1 : 0)
                .description("1 while the memcached node's circuit breaker turns requests away")
                .tag("node", node)
                .register(registry));
        leaseWaits = Counter.builder("names.cache.lease.waits")
                .description("Reads that found another reader's fill lease and started waiting for its value")
                .register(registry);
    }

    private static Counter fill(MeterRegistry registry, Kind kind, String result) {
        return Counter.builder("names.cache.fills")
                .description("Fills after a database read: stored, or lost because the lease was gone"
                        + " (invalidated, expired or replaced), the page was already there, or memcached failed")
                .tag("kind", kind.name().toLowerCase())
                .tag("result", result)
                .register(registry);
    }

    public void request(Kind kind, CacheOutcome outcome) {
        requests.get(kind).get(outcome).increment();
    }

    public void fill(Kind kind, boolean stored) {
        (stored ? fillsStored : fillsLost).get(kind).increment();
    }

    public void staleRefused(Kind kind) {
        staleRefused.get(kind).increment();
    }

    public void leaseWaitStarted() {
        leaseWaits.increment();
    }
}
