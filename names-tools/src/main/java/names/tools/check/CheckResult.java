package names.tools.check;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import names.tools.report.HistogramReport;
import org.HdrHistogram.AbstractHistogram;

/** What a checker run found; {@link #print(PrintStream)} is the text report. */
public record CheckResult(
        CheckerOptions options,
        Map<String, Long> operationsByType,
        long operations,
        AbstractHistogram stalenessMicros,
        long probesSuperseded,
        long probesTimedOut,
        long probesFailed,
        AbstractHistogram readStalenessMicros,
        long readsMeasured,
        Duration maxReadStaleness,
        Drain.Result drain,
        Audit.Result audit,
        List<ObserverCounts> observers) {

    /** Inconsistencies the services' own consistency observers counted during the run. */
    public long observerInconsistencies() {
        return observers.stream().mapToLong(ObserverCounts::inconsistencies).sum();
    }

    public long staleEntries() {
        return audit.staleEntries();
    }

    /** Whether some read returned a version superseded longer ago than {@code --max-staleness} (the bound S). */
    public boolean readsOverMaxStaleness() {
        return !options.maxStaleness().isZero() && maxReadStaleness.compareTo(options.maxStaleness()) > 0;
    }

    /** Operations that failed outright (an exception, a 5xx): the workload itself went wrong. */
    public long failedOperations() {
        return operationsByType.entrySet().stream()
                .filter(e -> e.getKey().contains(" error") || e.getKey().contains(" 5"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public void print(PrintStream out) {
        out.printf("names consistency checker: seed=%d names=%d readers=%d writers=%d %s%n", options.seed(),
                options.names(), options.readers(), options.writers(),
                options.auditOnly() ? "audit only"
                        : options.operations() > 0 ? "operations=" + options.operations() : "duration=" + options.duration());
        out.printf("operations done: %d (failed: %d)%n", operations, failedOperations());
        operationsByType.forEach((type, count) -> out.printf("  %-28s %d%n", type, count));
        out.printf("staleness window (write acknowledged -> api serves it): %s%n",
                HistogramReport.format(stalenessMicros));
        out.printf("  probes superseded by a later write: %d, gave up after 30s: %d, failed: %d%n",
                probesSuperseded, probesTimedOut, probesFailed);
        out.printf("read staleness (a newer version acknowledged before the read was sent): %s%n",
                HistogramReport.format(readStalenessMicros));
        out.printf("maximum read staleness: %d ms over %d reads (bound %d ms: %s)%n", maxReadStaleness.toMillis(),
                readsMeasured, options.maxStaleness().toMillis(), options.maxStaleness().isZero() ? "not checked"
                        : readsOverMaxStaleness() ? "EXCEEDED" : "held");
        out.printf("drain: change log empty after %d ms, invalidator lag 0 after %d ms more%n",
                drain.outbox().toMillis(), drain.consumerLag().toMillis());
        out.printf("keys checked: %d on %d memcached node(s) (entries: found %d, not-found %d, lease %d)%n",
                audit.keysChecked(), options.memcached().nodes().size(), audit.entriesFound(), audit.entriesNotFound(),
                audit.leases());
        out.printf("stale memcached entries: %d, api answers differing from Postgres: %d, lists checked: %d, "
                + "lists differing: %d%n", audit.staleCacheEntries(), audit.apiMismatches(), audit.listsChecked(),
                audit.listMismatches());
        if (audit.nearCopiesRechecked() > 0) {
            out.printf("api near-cache copies behind Postgres right after the drain: %d, asked again after"
                    + " --max-staleness (counted above only if still behind)%n", audit.nearCopiesRechecked());
        }
        audit.findings().stream().limit(Audit.MAX_FINDINGS_LISTED).forEach(finding -> out.println("  " + finding));
        if (audit.findings().size() > Audit.MAX_FINDINGS_LISTED) {
            out.printf("  ... and %d more%n", audit.findings().size() - Audit.MAX_FINDINGS_LISTED);
        }
        out.printf("stale entries: %d%n", staleEntries());
        // Beside it, what the system itself noticed over the same run (its checks of the run's last changes
        // may still be due: the invalidator looks again up to its longest window later).
        observers.forEach(observer -> out.println(observer.describe()));
    }
}
