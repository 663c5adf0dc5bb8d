package names.memcached.consistency;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What one consistency observer (the invalidator's invalidation checks, or the api's cache inspection)
 * has checked and found: the shared meters, the nines over a sliding period, and the last inconsistencies
 * for the {@code consistency} actuator endpoint. Both services build theirs here, so the metric names the
 * alerting rules are written against exist once.
 *
 * <p>Metrics ({@code source} = {@link #INVALIDATION} or {@link #INSPECTION}):
 * <ul>
 *   <li>{@value #CHECKS} {source, window}: entries looked at;</li>
 *   <li>{@value #INCONSISTENCIES} {source, window, kind}: of those, entries older than a change that had
 *       already been applied (or, for inspection, older than PostgreSQL for longer than the recheck delay);</li>
 *   <li>{@value #REPAIRS} {source, result}: acknowledged (or failed) deletes of those entries;</li>
 *   <li>{@value #SHED} {source}: checks not made because the observer could not keep up;</li>
 *   <li>{@value #NINES} {source}: consistency over the sliding period, see {@link #nines()}.</li>
 * </ul>
 */
public final class ConsistencyLedger {

    public static final String CHECKS = "names.consistency.checks";
    public static final String INCONSISTENCIES = "names.consistency.inconsistencies";
    public static final String REPAIRS = "names.consistency.repairs";
    public static final String SHED = "names.consistency.shed";
    public static final String NINES = "names.consistency.nines";
    /** The invalidator's checks of applied invalidations. */
    public static final String INVALIDATION = "invalidation";
    /** The api's sampling of served entries against PostgreSQL. */
    public static final String INSPECTION = "inspection";

    private final String source;
    private final MeterRegistry registry;
    private final Duration period;
    private final int recentCapacity;
    private final SlidingCounts sliding;
    private final ConcurrentMap<String, Counter> checks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> inconsistencies = new ConcurrentHashMap<>();
    private final Map<RepairResult, Counter> repairs = new LinkedHashMap<>();
    private final Counter shed;
    private final ArrayDeque<Inconsistency> recent = new ArrayDeque<>();

    /**
     * @param period the sliding period of {@link #nines()} (Polaris reports nines within five minutes)
     * @param recentCapacity how many of the last inconsistencies the endpoint lists
     */
    public ConsistencyLedger(String source, MeterRegistry registry, Duration period, int recentCapacity) {
        this(source, registry, period, recentCapacity, System::nanoTime);
    }

    ConsistencyLedger(String source, MeterRegistry registry, Duration period, int recentCapacity, LongSupplier nanoTime) {
        if (period.toMillis() < SlidingCounts.BUCKETS) {
            throw new IllegalArgumentException("the consistency period must be at least " + SlidingCounts.BUCKETS + "ms");
        }
        if (recentCapacity < 1) {
            throw new IllegalArgumentException("recentCapacity must be at least 1");
        }
        this.source = source;
        this.registry = registry;
        this.period = period;
        this.recentCapacity = recentCapacity;
        this.sliding = new SlidingCounts(period, nanoTime);
        for (RepairResult result : RepairResult.values()) {
            repairs.put(result, Counter.builder(REPAIRS).description("Deletes of inconsistent cache entries")
                    .tag("source", source).tag("result", result.tag()).register(registry));
        }
        this.shed = Counter.builder(SHED).description("Consistency checks dropped because the observer was behind")
                .tag("source", source).register(registry);
        Gauge.builder(NINES, this, ConsistencyLedger::nines)
                .description("Cache consistency over the sliding period: -log10(inconsistencies/checks);"
                        + " log10(checks) without inconsistencies; NaN without checks")
                .tag("source", source).register(registry);
    }

    public String source() {
        return source;
    }

    /** {@code n} entries looked at in {@code window}, consistent or not. */
    public void checked(String window, long n) {
        if (n <= 0) {
            return;
        }
        checks.computeIfAbsent(window, w -> Counter.builder(CHECKS).description("Cache entries checked for consistency")
                .tag("source", source).tag("window", w).register(registry)).increment(n);
        sliding.checked(n);
    }

    /** One of the checked entries was inconsistent; {@code found} already says how it was repaired. */
    public void inconsistent(Inconsistency found) {
        inconsistencies.computeIfAbsent(found.window() + "\n" + found.kind().tag(), k -> Counter.builder(INCONSISTENCIES)
                .description("Cache entries found older than a change that was already applied")
                .tag("source", source).tag("window", found.window()).tag("kind", found.kind().tag())
                .register(registry)).increment();
        repairs.get(found.repair()).increment();
        sliding.inconsistent(1);
        synchronized (recent) {
            if (recent.size() == recentCapacity) {
                recent.removeFirst();
            }
            recent.addLast(found);
        }
    }

    public void shed(long n) {
        if (n > 0) {
            shed.increment(n);
        }
    }

    /**
     * Consistency over the sliding period in nines: −log10(inconsistencies / checks). With no inconsistency
     * it is log10(checks), the nines the checks prove at least (the rate is below one in that many); with no
     * check, NaN.
     */
    public double nines() {
        return sliding.nines();
    }

    public ConsistencySummary summary() {
        long[] totals = sliding.totals();
        Map<String, Long> checksByWindow = new LinkedHashMap<>();
        checks.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> checksByWindow.put(e.getKey(), (long) e.getValue().count()));
        Map<String, Long> inconsistenciesByWindow = new LinkedHashMap<>();
        inconsistencies.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> inconsistenciesByWindow
                .merge(e.getKey().substring(0, e.getKey().indexOf('\n')), (long) e.getValue().count(), Long::sum));
        Map<String, Long> repairsByResult = new LinkedHashMap<>();
        repairs.forEach((result, counter) -> repairsByResult.put(result.tag(), (long) counter.count()));
        List<Inconsistency> last;
        synchronized (recent) {
            last = new ArrayList<>(recent);
        }
        Collections.reverse(last);
        double nines = SlidingCounts.nines(totals[0], totals[1]);
        return new ConsistencySummary(source, verdict(totals[0], totals[1], nines, (long) shed.count()), period,
                totals[0], totals[1], Double.isNaN(nines) ? null : nines, checksByWindow, inconsistenciesByWindow,
                repairsByResult, (long) shed.count(), last);
    }

    private String verdict(long checksInPeriod, long inconsistent, double nines, long shedTotal) {
        String shedNote = shedTotal == 0 ? "" : "; " + shedTotal + " checks shed since start (observer behind)";
        if (checksInPeriod == 0) {
            return "no checks in the last " + period + ": nothing proven" + shedNote;
        }
        if (inconsistent == 0) {
            return String.format("%d checks, no inconsistency in the last %s: at least %.1f nines%s",
                    checksInPeriod, period, nines, shedNote);
        }
        return String.format("%d of %d checks inconsistent in the last %s: %.1f nines (see recent)%s",
                inconsistent, checksInPeriod, period, nines, shedNote);
    }
}
