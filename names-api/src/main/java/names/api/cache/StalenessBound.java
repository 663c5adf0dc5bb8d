package names.api.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The serve rule: a cached value may be served only if {@code now - max(W, readAt) <= S}.
 *
 * <p>Why it holds. An entry still present reflects every commit before max(W, readAt): the ones before
 * readAt because the read that produced it saw them (its snapshot was taken after readAt); a later one before
 * W because its delete was applied on the entry's node before W was written, which was before this reader
 * polled W, which was before its {@code get}: that delete either removed the filling reader's lease (its fill
 * was refused, the entry never stored) or removed the entry itself. So if the entry is present, nothing
 * committed before max(W, readAt) superseded it, and whatever did was committed less than S ago.
 *
 * <p>W must be read BEFORE the entry is fetched (the poller's value at that moment); readAt null or W null
 * means unknown and gives no help. Times are PostgreSQL's clock, compared with this api's: the bound is off by
 * the clock skew, which must be much smaller than S.
 */
public final class StalenessBound {

    private final Duration maxStaleness;
    private final Clock clock;

    public StalenessBound(Duration maxStaleness, Clock clock) {
        this.maxStaleness = maxStaleness;
        this.clock = clock;
    }

    public boolean enabled() {
        return !maxStaleness.isZero();
    }

    public Duration maxStaleness() {
        return maxStaleness;
    }

    /**
     * @param watermark the entry's node's watermark as polled before the get, or null if unknown
     * @param readAt the database time the entry was read at, or null if unknown
     */
    public boolean mayServe(Instant watermark, Instant readAt) {
        if (!enabled()) {
            return true;
        }
        Instant known = provenAt(watermark, readAt);
        return known != null && !known.plus(maxStaleness).isBefore(clock.instant());
    }

    /**
     * max(W, readAt), either may be null (unknown): the instant before which an entry (or a copy of it)
     * reflects every commit. Null when both are unknown.
     */
    public static Instant provenAt(Instant watermark, Instant readAt) {
        if (watermark == null) {
            return readAt;
        }
        return readAt == null || watermark.isAfter(readAt) ? watermark : readAt;
    }
}
