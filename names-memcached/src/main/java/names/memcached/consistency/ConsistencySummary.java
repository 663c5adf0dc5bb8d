package names.memcached.consistency;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the {@code consistency} actuator endpoint answers, per observer.
 *
 * @param verdict one line for a human
 * @param period the sliding period of the counts and nines
 * @param checksInPeriod entries checked within the period
 * @param inconsistenciesInPeriod of those, inconsistent
 * @param nines consistency in nines over the period; null without checks
 * @param checksByWindow entries checked since start, by window
 * @param inconsistenciesByWindow inconsistencies since start, by window
 * @param repairs deletes of inconsistent entries since start, by result
 * @param shed checks dropped since start because the observer could not keep up
 * @param recent the last inconsistencies, newest first
 */
public record ConsistencySummary(
        String source,
        String verdict,
        Duration period,
        long checksInPeriod,
        long inconsistenciesInPeriod,
        Double nines,
        Map<String, Long> checksByWindow,
        Map<String, Long> inconsistenciesByWindow,
        Map<String, Long> repairs,
        long shed,
        List<Inconsistency> recent) {
}
