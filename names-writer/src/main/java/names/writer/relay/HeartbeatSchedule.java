package names.writer.relay;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the relay's next heartbeat is due. Each heartbeat needs a pending scan that returned everything,
 * and that scan walks the pending index including the rows of transactions still in progress (during a
 * million-row import about half a second of PostgreSQL CPU). So the interval is the configured one, or
 * {@value #SCAN_SHARE} times the last scan if that is longer: scanning for heartbeats never takes more than
 * about a tenth of the time. Readers' watermarks then lag, and they fall back to trusting only entries
 * younger than their bound, which is the intended degradation.
 */
final class HeartbeatSchedule {

    static final int SCAN_SHARE = 10;

    private final long configuredNanos;
    private final LongSupplier nanoClock;
    private long lastScanNanos;
    private long lastSentAt;
    private boolean sent;

    HeartbeatSchedule(Duration configured, LongSupplier nanoClock) {
        this.configuredNanos = configured.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Records how long the last pending scan took. */
    void scanned(long nanos) {
        lastScanNanos = Math.max(0, nanos);
    }

    long intervalNanos() {
        return Math.max(configuredNanos, SCAN_SHARE * lastScanNanos);
    }

    boolean due() {
        return !sent || nanoClock.getAsLong() - lastSentAt >= intervalNanos();
    }

    void sent() {
        sent = true;
        lastSentAt = nanoClock.getAsLong();
    }

    /** How long the relay may sleep before it must look again (never less than a millisecond). */
    long untilDueMillis() {
        if (!sent) {
            return 1;
        }
        long remaining = intervalNanos() - (nanoClock.getAsLong() - lastSentAt);
        return Math.max(1, remaining / 1_000_000);
    }
}
