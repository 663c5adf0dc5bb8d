package names.invalidator.changes;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** The invalidator's own meters; delete outcomes per pool are counted where the deletes happen. */
@Component
public class InvalidationMetrics {

    private final MeterRegistry meters;
    private final Timer lag;
    private final Counter retries;

    InvalidationMetrics(MeterRegistry meters) {
        this.meters = meters;
        // From the writer's commit to the moment every pool acknowledged the deletes: how long a reader
        // could have been served the old value. The histogram lets Prometheus aggregate across instances.
        this.lag = Timer.builder("names.invalidation.lag")
                .description("Time from a change's commit to its cache keys being deleted in every pool")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(meters);
        this.retries = Counter.builder("names.invalidation.retries")
                .description("Batch attempts that failed and will be retried")
                .register(meters);
    }

    void applied(Instant committedAt, Instant now) {
        Duration age = Duration.between(committedAt, now);
        // Clock skew between writer and invalidator hosts must not produce negative samples.
        lag.record(age.isNegative() ? Duration.ZERO : age);
    }

    void attemptFailed() {
        retries.increment();
    }

    void deadLettered(Exception reason) {
        // The class, not the message: messages carry record data and would explode the tag's cardinality.
        Counter.builder("names.invalidation.dead_letters")
                .description("Poison records published to the dead-letter topic")
                .tag("reason", reason.getClass().getSimpleName())
                .register(meters)
                .increment();
    }
}
