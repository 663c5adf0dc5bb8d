package names.invalidator.changes;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** The invalidator's own meters; delete outcomes per node are counted where the deletes happen. */
@Component
public class InvalidationMetrics {

    private final MeterRegistry meters;

    InvalidationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The meters of one node's consumer, registered once so that the hot path only records. */
    NodeMeters forNode(String pool, String node) {
        // From the writer's commit to the moment this node acknowledged the deletes: how long a reader
        // could have been served the old value from this node. Per node, because each node's
        // invalidations progress on their own; the histogram lets Prometheus aggregate across instances
        // (quantiles, alerts and the lag tool all read its buckets). Recorded for every event on every
        // node: no client-side percentiles on top, which doubled the cost of each record and which nothing
        // read (they cannot be aggregated).
        Timer lag = Timer.builder("names.invalidation.lag")
                .description("Time from a change's commit to its cache keys being deleted on a node")
                .tag("pool", pool)
                .tag("node", node)
                .publishPercentileHistogram()
                .register(meters);
        Counter retries = Counter.builder("names.invalidation.retries")
                .description("Batch attempts that failed on a node and will be retried")
                .tag("pool", pool)
                .tag("node", node)
                .register(meters);
        return new NodeMeters(lag, retries);
    }

    void deadLettered(Exception reason) {
        // The class, not the message: messages carry record data and would explode the tag's cardinality.
        Counter.builder("names.invalidation.dead_letters")
                .description("Poison records published to the dead-letter topic")
                .tag("reason", reason.getClass().getSimpleName())
                .register(meters)
                .increment();
    }

    record NodeMeters(Timer lag, Counter retries) {

        void applied(Instant committedAt, Instant now) {
            Duration age = Duration.between(committedAt, now);
            // Clock skew between writer and invalidator hosts must not produce negative samples.
            lag.record(age.isNegative() ? Duration.ZERO : age);
        }

        void attemptFailed() {
            retries.increment();
        }
    }
}
