package names.tools.report;

import java.util.Locale;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Durations recorded in microseconds into an HdrHistogram, printed as one line of milliseconds. Reusable
 * by anything that measures latencies (the benchmarks print the same format).
 */
public final class HistogramReport {

    /** Up to one hour, three significant digits: plenty for staleness windows and request latencies. */
    public static ConcurrentHistogram newMicrosHistogram() {
        return new ConcurrentHistogram(3_600_000_000L, 3);
    }

    /** {@code count=N p50=1.23ms p90=... p99=... max=...}, or {@code count=0}. */
    public static String format(AbstractHistogram micros) {
        long count = micros.getTotalCount();
        if (count == 0) {
            return "count=0";
        }
        return String.format(Locale.ROOT, "count=%d p50=%s p90=%s p99=%s max=%s", count,
                millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()));
    }

    public static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
    }

    private HistogramReport() {
    }
}
