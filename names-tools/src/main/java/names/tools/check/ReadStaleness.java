package names.tools.check;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import names.tools.report.HistogramReport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The staleness of every single-name read the workload makes: how long before the read was sent the version
 * it returned had already been superseded, i.e. a newer version of that name had been acknowledged to a
 * writer. Zero for a read that returned the newest acknowledged version (or one written while it ran).
 *
 * <p>The acknowledgement is when the workload KNEW of the newer version; its commit happened before, so the
 * figure is a lower bound of the true staleness by at most one write's latency. Deletes are not counted as
 * superseding (their version is not returned); the version of a re-create is.
 */
final class ReadStaleness {

    /** Per name: acknowledged version → when it was acknowledged (nanoTime). */
    private final Map<String, ConcurrentSkipListMap<Long, Long>> acknowledged = new ConcurrentHashMap<>();
    private final ConcurrentHistogram stalenessMicros = HistogramReport.newMicrosHistogram();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    private final LongAdder reads = new LongAdder();

    void acknowledged(String nconst, long version, long ackNanos) {
        acknowledged.computeIfAbsent(nconst, name -> new ConcurrentSkipListMap<>()).merge(version, ackNanos, Math::min);
    }

    /** A read sent at {@code sentNanos} answered {@code version} of {@code nconst}. */
    void read(String nconst, long version, long sentNanos) {
        reads.increment();
        ConcurrentSkipListMap<Long, Long> versions = acknowledged.get(nconst);
        long supersededAt = Long.MAX_VALUE;
        if (versions != null) {
            for (long ackNanos : versions.tailMap(version, false).values()) {
                supersededAt = Math.min(supersededAt, ackNanos);
            }
        }
        long staleNanos = supersededAt == Long.MAX_VALUE ? 0 : Math.max(0, sentNanos - supersededAt);
        maxNanos.accumulate(staleNanos);
        stalenessMicros.recordValue(TimeUnit.NANOSECONDS.toMicros(staleNanos));
    }

    long reads() {
        return reads.sum();
    }

    long maxNanos() {
        return maxNanos.get();
    }

    ConcurrentHistogram stalenessMicros() {
        return stalenessMicros;
    }
}
