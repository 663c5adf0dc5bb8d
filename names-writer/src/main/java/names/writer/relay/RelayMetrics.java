package names.writer.relay;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** What an operator needs to see that events flow: throughput, failures, backlog, and its age. */
class RelayMetrics {

    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private volatile double oldestAgeAtRefresh;
    private volatile long refreshedAtNanos = System.nanoTime();
    private final Counter heartbeats;
    private volatile long heartbeatIntervalNanos;

    RelayMetrics(MeterRegistry registry) {
        published = Counter.builder("names.outbox.published")
                .description("Change events acknowledged by Kafka (re-sends after a failure count again)")
                .register(registry);
        failures = Counter.builder("names.outbox.publish.failures")
                .description("Relay cycles that could not publish (Kafka or database unavailable)")
                .register(registry);
        heartbeats = Counter.builder("names.outbox.heartbeats")
                .description("Heartbeat rounds acknowledged on every partition (each closes the log up to a time)")
                .register(registry);
        Gauge.builder("names.outbox.heartbeat.interval", this, m -> m.heartbeatIntervalNanos / 1e9)
                .description("Current heartbeat interval: the configured one, stretched while pending scans are slow")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("names.outbox.pending", pending, AtomicLong::get)
                .description("Change-log rows not yet published (refreshed by the relay about once per poll)")
                .register(registry);
        Gauge.builder("names.outbox.oldest.pending.age", this, RelayMetrics::oldestPendingAgeSeconds)
                .description("Age of the oldest unpublished change")
                .baseUnit("seconds")
                .register(registry);
    }

    void published(int count) {
        published.increment(count);
    }

    void heartbeat(long intervalNanos) {
        heartbeats.increment();
        heartbeatIntervalNanos = intervalNanos;
    }

    void failed() {
        failures.increment();
    }

    void pending(long count, double oldestAgeSeconds) {
        pending.set(count);
        oldestAgeAtRefresh = oldestAgeSeconds;
        refreshedAtNanos = System.nanoTime();
    }

    long pending() {
        return pending.get();
    }

    /** Keeps growing between refreshes, so a stuck relay shows as a rising line, not a flat one. */
    double oldestPendingAgeSeconds() {
        if (pending.get() == 0) {
            return 0;
        }
        return oldestAgeAtRefresh + (System.nanoTime() - refreshedAtNanos) / 1e9;
    }
}
