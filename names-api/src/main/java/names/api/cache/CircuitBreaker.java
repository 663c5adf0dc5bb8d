package names.api.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Consecutive-failure breaker in front of memcached. A paused or dead node costs every request one
 * operation timeout; once {@code threshold} operations in a row have failed, requests skip memcached for
 * {@code openFor}. After that every request tries again: one success closes the breaker, one more failure
 * re-opens it (the failure count is still at or above the threshold).
 *
 * <p>One per node ({@link NodeBreakers}): with a global breaker, successes on the healthy nodes would keep
 * resetting the count while a dead node's keys kept paying the timeout, or a dead node would trip the
 * cache off for every node's keys.
 */
public final class CircuitBreaker {

    private final int threshold;
    private final long openForNanos;
    private final LongSupplier nanoClock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long openUntilNanos;
    private volatile boolean open;

    public CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether a request may use memcached now. */
    public boolean allowsRequest() {
        return !open || nanoClock.getAsLong() - openUntilNanos >= 0;
    }

    public void recordSuccess() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (open) {
            open = false;
        }
    }

    public void recordFailure() {
        if (consecutiveFailures.incrementAndGet() >= threshold) {
            openUntilNanos = nanoClock.getAsLong() + openForNanos;
            open = true;
        }
    }

    /** True while requests are being turned away (not in the trial period after {@code openFor}). */
    public boolean isOpen() {
        return !allowsRequest();
    }
}
