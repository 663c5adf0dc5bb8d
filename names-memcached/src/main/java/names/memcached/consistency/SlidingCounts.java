package names.memcached.consistency;

import java.util.function.LongSupplier;

/**
 * Checks and inconsistencies over a sliding period, in {@value #BUCKETS} buckets (the period slides a
 * bucket at a time), and the consistency in nines they amount to.
 *
 * <p>Hand-written because what is needed is two counts over time, not a distribution: Micrometer's
 * windowed structures (histograms, maxima) keep neither, and a counter's rate is Prometheus's job, while
 * the endpoint and the {@code nines} gauge need the number inside the service.
 */
final class SlidingCounts {

    static final int BUCKETS = 60;

    private final long bucketNanos;
    private final LongSupplier nanoTime;
    private final long[] checks = new long[BUCKETS];
    private final long[] inconsistencies = new long[BUCKETS];
    /** The bucket index (time / bucketNanos) last written; older slots are cleared when time moves on. */
    private long current;

    SlidingCounts(java.time.Duration period, LongSupplier nanoTime) {
        this.bucketNanos = Math.max(1, period.toNanos() / BUCKETS);
        this.nanoTime = nanoTime;
        this.current = Math.floorDiv(nanoTime.getAsLong(), bucketNanos);
    }

    synchronized void checked(long n) {
        int slot = advance();
        checks[slot] += n;
    }

    synchronized void inconsistent(long n) {
        int slot = advance();
        inconsistencies[slot] += n;
    }

    /** Checks and inconsistencies of the period, as one consistent pair. */
    synchronized long[] totals() {
        advance();
        long c = 0;
        long i = 0;
        for (int slot = 0; slot < BUCKETS; slot++) {
            c += checks[slot];
            i += inconsistencies[slot];
        }
        return new long[] {c, i};
    }

    synchronized double nines() {
        long[] totals = totals();
        return nines(totals[0], totals[1]);
    }

    /**
     * −log10(inconsistencies / checks). With no inconsistency it is log10(checks): the observed rate is below
     * one in that many checks, so at least that many nines are proven (more checks prove more). Without any
     * check nothing is proven: NaN (Prometheus keeps NaN; compare it in alerts as "no data").
     */
    static double nines(long checks, long inconsistencies) {
        if (checks <= 0) {
            return Double.NaN;
        }
        if (inconsistencies <= 0) {
            return Math.log10(checks);
        }
        return Math.max(0.0, -Math.log10((double) Math.min(inconsistencies, checks) / checks));
    }

    private int advance() {
        long now = Math.floorDiv(nanoTime.getAsLong(), bucketNanos);
        if (now > current) {
            long clear = Math.min(now - current, BUCKETS);
            for (long b = 1; b <= clear; b++) {
                int slot = (int) Math.floorMod(current + b, (long) BUCKETS);
                checks[slot] = 0;
                inconsistencies[slot] = 0;
            }
            current = now;
        }
        return (int) Math.floorMod(current, (long) BUCKETS);
    }
}
