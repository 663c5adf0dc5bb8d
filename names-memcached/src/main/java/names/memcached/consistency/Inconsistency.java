package names.memcached.consistency;

import java.time.Duration;
import java.time.Instant;

/**
 * One inconsistent cache entry an observer found, and what it did about it.
 *
 * @param detectedAt when the observer read the entry
 * @param source {@code invalidation} or {@code inspection}
 * @param window the check's window ({@code 1s}, {@code 10s}, ... or {@code inspection})
 * @param key the memcached key
 * @param node the node that held it
 * @param found what the entry said (e.g. {@code version 3}, {@code not found, read at ...})
 * @param expected what it should have reflected (e.g. {@code version >= 5}, {@code read after ...})
 * @param age how long after the change was committed the entry was still there
 * @param repair what deleting it again did
 */
public record Inconsistency(
        Instant detectedAt,
        String source,
        String window,
        InconsistencyKind kind,
        String key,
        String node,
        String found,
        String expected,
        Duration age,
        RepairResult repair) {
}
