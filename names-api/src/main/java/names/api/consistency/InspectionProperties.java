package names.api.consistency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache inspection ({@code names.api.consistency.*}): a slow sampler that compares entries this api
 * serves with PostgreSQL (Uber's Cache Inspector).
 *
 * @param readsPerSecond names inspected per second (one memcached get and one PostgreSQL read each); 0 turns
 *     the inspection off
 * @param recheckDelay how long a mismatch must persist before it counts: longer than the normal
 *     invalidation lag, so a change whose delete is simply still on its way is not an inconsistency
 * @param maxPendingRechecks mismatches waiting for their recheck at once; more are shed and counted
 * @param randomBatch how many random names are drawn from PostgreSQL each time the hot keys are used up
 * @param period sliding period of {@code names.consistency.nines} and the endpoint's counts
 * @param recent how many of the last inconsistencies {@code /actuator/consistency} lists
 */
@ConfigurationProperties("names.api.consistency")
public record InspectionProperties(
        @DefaultValue("5") double readsPerSecond,
        @DefaultValue("5s") Duration recheckDelay,
        @DefaultValue("1000") int maxPendingRechecks,
        @DefaultValue("20") int randomBatch,
        @DefaultValue("5m") Duration period,
        @DefaultValue("20") int recent) {

    public InspectionProperties {
        if (!(readsPerSecond >= 0 && readsPerSecond <= 1000)) {
            throw new IllegalArgumentException("names.api.consistency.reads-per-second must be between 0 and 1000");
        }
        if (recheckDelay.toMillis() < 1) {
            throw new IllegalArgumentException("names.api.consistency.recheck-delay must be positive");
        }
        if (maxPendingRechecks < 1 || randomBatch < 1 || recent < 1) {
            throw new IllegalArgumentException(
                    "names.api.consistency.max-pending-rechecks, random-batch and recent must be at least 1");
        }
        if (period.toSeconds() < 1) {
            throw new IllegalArgumentException("names.api.consistency.period must be at least 1s");
        }
    }

    public boolean enabled() {
        return readsPerSecond > 0;
    }
}
