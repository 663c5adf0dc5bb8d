package names.tools.lag;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;

import names.tools.lag.LagScheduler.Phase;
import names.tools.report.LatencyChart;
import names.tools.report.PrometheusHistogram;
import org.HdrHistogram.Histogram;

/**
 * The lag benchmark's text report (lag.txt) and chart (lag.png). The wording and the {@code RESULT} line
 * are what docs/BENCHMARKS.md quotes and compares runs by: change them only with that file.
 */
final class LagReport {

    static final double GOAL_P50_MS = 10;
    static final double GOAL_P99_MS = 50;

    /** Everything one measured run produced. */
    record Run(String started, int names, WarmUp warmUp, Phase phase, LagRecorder recorder, SentinelNodes nodes,
            PrometheusHistogram invalidatorLag, OptionalDouble writerCompiledMs, OptionalDouble invalidatorCompiledMs,
            Optional<MachineCpu.Usage> machineCpu, Map<String, Double> containerMicrosPerWrite) {

        /** The containers' CPU per write added up; empty if none was read. */
        OptionalDouble stackMicrosPerWrite() {
            return containerMicrosPerWrite.isEmpty() ? OptionalDouble.empty()
                    : OptionalDouble.of(containerMicrosPerWrite.values().stream().mapToDouble(Double::doubleValue).sum());
        }
    }

    private final LagOptions options;
    private final long warmUpSliceSeconds;

    LagReport(LagOptions options, Duration warmUpSlice) {
        this.options = options;
        this.warmUpSliceSeconds = warmUpSlice.toSeconds();
    }

    String text(Run run) {
        StringBuilder out = new StringBuilder();
        Phase phase = run.phase();
        LagRecorder recorder = run.recorder();
        WarmUp warmUp = run.warmUp();
        double issueSeconds = (phase.lastIssueNanos() - phase.startNanos()) / 1e9 + 1.0 / options.rate();
        double completeSeconds = (recorder.lastResponseNanos() - phase.startNanos()) / 1e9;
        Map<String, Long> failures = recorder.failuresByKind();
        line(out, "== Invalidation lag under write load (names.bench.InvalidationLagBenchmark) ==");
        line(out, "started %s, measured from %s (lag-samples.csv: ms since then); %d cores shared by load"
                + " generator and the whole stack", run.started(), recorder.measuredStart(),
                Runtime.getRuntime().availableProcessors());
        line(out, "load: PATCH primaryName via %s on %,d names, target %d writes/s for %ds (after %ds warm-up),"
                + " 1 in %d writes sampled, max %d in flight",
                options.writerUrl(), run.names(), options.rate(), options.duration().toSeconds(),
                warmUp.length().toSeconds(), options.sampleEvery(), options.maxInFlight());
        if (warmUp.verdict() != null) {
            double compiled = warmUp.lastSliceCompiledMs().orElse(Double.NaN);
            line(out, "warm-up: %ds of %d-%ds; %s", warmUp.length().toSeconds(), options.warmup().toSeconds(),
                    options.warmupMax().toSeconds(), switch (warmUp.verdict()) {
                        case JIT_SETTLED -> String.format(Locale.ROOT,
                                "writer + invalidator compiled %.0f ms in its last %ds (< %d ms)", compiled,
                                warmUpSliceSeconds, options.jitQuiet().toMillis());
                        case MAXIMUM_REACHED -> String.format(Locale.ROOT,
                                "JIT NOT settled: %.0f ms compiled in its last %ds", compiled, warmUpSliceSeconds);
                        case NOT_MEASURED, CONTINUE -> "compile time not scraped, minimum used";
                    });
        }
        line(out, "JIT compile time during the measurement: writer %s, invalidator %s (jvm_compilation_time_ms_total)",
                millis(run.writerCompiledMs()), millis(run.invalidatorCompiledMs()));
        line(out, "writes: issued %,d, ok %,d, failed %,d %s; schedule slipped %,d times (in-flight limit)",
                phase.issued(), recorder.ok(), recorder.failed(), failures.isEmpty() ? "" : failures.toString(),
                phase.slipped());
        line(out, "achieved write rate: %.1f/s issued, %.1f/s completed OK (target %d/s)",
                phase.issued() / issueSeconds, recorder.ok() / completeSeconds, options.rate());
        double measuredSeconds = (phase.endNanos() - phase.startNanos()) / 1e9;
        double toolCpuSeconds = phase.cpuNanos() / 1e9;
        line(out, "load generator CPU: %.1f s over %.1f s (%.2f cores)", toolCpuSeconds, measuredSeconds,
                toolCpuSeconds / measuredSeconds);
        line(out, "machine CPU during the measurement: %s", run.machineCpu()
                .map(usage -> String.format(Locale.ROOT, "%.0f%% busy, %.1f%% stolen by the hypervisor (/proc/stat,"
                        + " all %d cores; near 100%% busy the run queue sets the tail)", usage.busy() * 100,
                        usage.stolen() * 100, Runtime.getRuntime().availableProcessors()))
                .orElse("not available (no /proc/stat)"));
        line(out, "containers' CPU per write during the measurement: %s", containerCpu(run, measuredSeconds));
        Histogram fromReply = recorder.lagFromResponse();
        Histogram fromSend = recorder.lagFromSend();
        line(out, "writer response time (all writes): %s", summary(recorder.writeLatency()));
        line(out, "lag commit -> key deleted, from writer reply (lower bound), n=%,d: %s",
                fromReply.getTotalCount(), summary(fromReply));
        line(out, "lag commit -> key deleted, from request sent (upper bound):        %s", summary(fromSend));
        line(out, "goals (on the reply-based figure): p50 <= %.0f ms %s, p99 <= %.0f ms %s",
                GOAL_P50_MS, verdict(ms(fromReply.getValueAtPercentile(50)) <= GOAL_P50_MS),
                GOAL_P99_MS, verdict(ms(fromReply.getValueAtPercentile(99)) <= GOAL_P99_MS));
        StringBuilder owners = new StringBuilder();
        for (int i = 0; i < run.nodes().size(); i++) {
            owners.append(i == 0 ? "" : ", ").append(run.nodes().address(i)).append(' ').append(recorder.deletedOn(i));
        }
        line(out, "samples: already gone at the first look %,d, timeouts (> %d ms) %,d, skipped (same name in flight)"
                + " %,d, sentinel errors %,d, failed polls (node skipped) %,d; deleted on: %s",
                recorder.alreadyGone(), options.lagTimeout().toMillis(), recorder.timeouts(),
                recorder.samplesSkippedBusy(), recorder.sentinelErrors(), phase.readErrors(), owners);
        line(out, "sentinels: %s", run.nodes().placement());
        PrometheusHistogram invalidatorLag = run.invalidatorLag();
        if (invalidatorLag.count() > 0) {
            line(out, "invalidator's own names_invalidation_lag (Prometheus buckets, all writes incl. the 1 s"
                    + " before the measurement, PostgreSQL commit timestamp -> deletes acked), n=%,d: p50 ~%.1f ms, p99 ~%.1f ms (bucket-interpolated)",
                    invalidatorLag.count(), invalidatorLag.quantile(0.5) * 1000,
                    invalidatorLag.quantile(0.99) * 1000);
        } else {
            line(out, "invalidator's own names_invalidation_lag: not available (scrape of %s failed or empty)",
                    options.invalidatorUrl());
        }
        line(out, "chart: %s", chartFile());
        line(out, "RESULT lag rate=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f p50_upper_ms=%.2f p99_upper_ms=%.2f"
                + " invalidator_p50_ms=%.2f invalidator_p99_ms=%.2f tool_cpu_s=%.1f machine_busy_pct=%s"
                + " stack_us_per_write=%s",
                recorder.ok() / completeSeconds,
                ms(fromReply.getValueAtPercentile(50)), ms(fromReply.getValueAtPercentile(99)),
                ms(fromReply.getMaxValue()), ms(fromSend.getValueAtPercentile(50)),
                ms(fromSend.getValueAtPercentile(99)), invalidatorLag.quantile(0.5) * 1000,
                invalidatorLag.quantile(0.99) * 1000, toolCpuSeconds, run.machineCpu()
                        .map(usage -> String.format(Locale.ROOT, "%.0f", usage.busy() * 100)).orElse("n/a"),
                run.stackMicrosPerWrite().isPresent()
                        ? String.format(Locale.ROOT, "%.0f", run.stackMicrosPerWrite().getAsDouble()) : "n/a");
        return out.toString();
    }

    /** "names-writer 808 µs, postgres 693, ... = 2 790 µs (1.40 cores)", or why there is none. */
    private String containerCpu(Run run, double measuredSeconds) {
        if (run.containerMicrosPerWrite().isEmpty()) {
            return options.cpuCounters().isEmpty() ? "not measured (no --cpu-of)"
                    : "not available (no counter could be read twice)";
        }
        StringJoiner text = new StringJoiner(", ");
        run.containerMicrosPerWrite().forEach((name, micros) -> text.add(String.format(Locale.ROOT, "%s %.0f%s",
                name, micros, text.length() == 0 ? " µs" : "")));
        double total = run.stackMicrosPerWrite().getAsDouble();
        double cores = total * run.recorder().ok() / 1e6 / measuredSeconds;
        return text + String.format(Locale.ROOT, " = %.0f µs (%.2f cores; cgroup counters)", total, cores);
    }

    Path chartFile() {
        return options.outDir().resolve("lag.png");
    }

    void writeChart(Run run) throws IOException {
        Color invalidatorColor = new Color(120, 60, 170);
        PrometheusHistogram invalidatorLag = run.invalidatorLag();
        List<LatencyChart.Marker> markers = invalidatorLag.count() == 0 ? List.of() : List.of(
                new LatencyChart.Marker("invalidator's own metric p50 (Prometheus buckets)", invalidatorColor, 50,
                        invalidatorLag.quantile(0.5) * 1000),
                new LatencyChart.Marker("invalidator's own metric p99", invalidatorColor, 99,
                        invalidatorLag.quantile(0.99) * 1000));
        LagRecorder recorder = run.recorder();
        LatencyChart.write(chartFile(),
                "Invalidation lag under write load: commit -> memcached key deleted",
                String.format(Locale.ROOT, "%,d writes at target %d/s for %ds, %d cores shared by load generator"
                        + " and stack, %s", recorder.ok(), options.rate(), options.duration().toSeconds(),
                        Runtime.getRuntime().availableProcessors(),
                        ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)),
                List.of(new LatencyChart.Series("lag from writer reply (lower bound)", new Color(30, 110, 200),
                                recorder.lagFromResponse()),
                        new LatencyChart.Series("lag from request sent (upper bound)", new Color(240, 150, 30),
                                recorder.lagFromSend()),
                        new LatencyChart.Series("writer response time (PATCH)", new Color(90, 160, 90),
                                recorder.writeLatency())),
                List.of(new LatencyChart.Goal("p50 goal 10 ms", GOAL_P50_MS),
                        new LatencyChart.Goal("p99 goal 50 ms", GOAL_P99_MS)),
                markers);
    }

    private static String summary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms",
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    static String millis(OptionalDouble value) {
        return value.isPresent() ? Math.round(value.getAsDouble()) + " ms" : "not scraped";
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
