package names.bench;

import java.awt.Color;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import names.bench.chart.LatencyChart;
import names.bench.lag.KeepAliveHttpClient;
import names.bench.lag.LagOptions;
import names.bench.lag.SentinelNodes;
import names.bench.lag.SentinelPoller;
import names.bench.lag.SentinelPoller.Gone;
import names.bench.lag.SentinelPoller.Outcome;
import names.bench.lag.SentinelPoller.Sample;
import names.bench.lag.SentinelPoller.TimedOut;
import names.bench.lag.WarmUpPolicy;
import names.bench.lag.WarmUpPolicy.Verdict;
import names.bench.prometheus.PrometheusCounter;
import names.bench.prometheus.PrometheusHistogram;
import names.contract.Nconst;
import names.contract.cache.CacheKeys;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Invalidation lag under write load: how long after a write commits is its cache key gone?
 *
 * <p>Writes (merge-patches of primaryName on existing names, so every one is a real change and produces an
 * event) are issued through the writer's HTTP API on a fixed schedule (open loop: a slow reply does not
 * slow the schedule down, up to {@code --max-in-flight}). Before every n-th write a sentinel value is put
 * under the name's record key on every memcached node; after the writer's reply the nodes are polled
 * until the sentinel is gone (by one {@link SentinelPoller} thread for all samples, so the tool stays cheap). The writer replies after its transaction committed, so "reply received" is
 * slightly LATER than the commit and the lag measured from it is a lower bound; the lag measured from
 * "request sent" (before the commit) is an upper bound. Both are reported: the true commit → delete time
 * lies between them. The invalidator's own {@code names_invalidation_lag} histogram (commit timestamp
 * from PostgreSQL → every pool acknowledged the deletes) is scraped before and after for comparison.
 *
 * <p>The sentinel is lease-shaped ("L:..."): had a reader met it, it would have waited and read
 * PostgreSQL, never served it.
 */
public final class InvalidationLagBenchmark {

    private static final String PROMETHEUS_METRIC = "names_invalidation_lag_seconds";
    private static final String COMPILE_METRIC = "jvm_compilation_time_ms_total";
    private static final Duration WARMUP_SLICE = Duration.ofSeconds(10);
    private static final double GOAL_P50_MS = 10;
    private static final double GOAL_P99_MS = 50;
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final LagOptions options;
    private final List<String> ids;
    /** Only for the invalidator's metrics, before and after. */
    private final HttpClient http;
    private final KeepAliveHttpClient writer;
    private final Map<String, String> patchHeaders;
    private final SentinelNodes nodes;
    private final SentinelPoller poller;
    /** Records a finished sample and removes its leftovers, off the poller's thread. */
    private final ExecutorService afterSample = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<CompletableFuture<?>> samplesAwaited = new ConcurrentLinkedQueue<>();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private final Histogram writeLatency = new SynchronizedHistogram(HIGHEST_NANOS, 3);
    private final Histogram lagFromResponse = new SynchronizedHistogram(HIGHEST_NANOS, 3);
    private final Histogram lagFromSend = new SynchronizedHistogram(HIGHEST_NANOS, 3);
    private final LongAdder ok = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder samplesSkippedBusy = new LongAdder();
    private final LongAdder sentinelErrors = new LongAdder();
    private final LongAdder alreadyGone = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final AtomicLongArray ownerCounts;
    private final AtomicLong lastResponseNanos = new AtomicLong();
    private final Map<String, Integer> writesInFlight = new ConcurrentHashMap<>();
    /** Every measured sample, for lag-samples.csv: whether the tail is spread out or comes in bursts. */
    private final Queue<String> sampleRows = new ConcurrentLinkedQueue<>();
    private volatile long measuredStartNanos;
    private volatile Instant measuredStart;

    private InvalidationLagBenchmark(LagOptions options, List<String> ids, HttpClient http,
            KeepAliveHttpClient writer, SentinelNodes nodes, SentinelPoller poller) {
        this.options = options;
        this.ids = ids;
        this.http = http;
        this.writer = writer;
        this.patchHeaders = Map.of("X-API-Key", options.apiKey(), "Content-Type", "application/merge-patch+json");
        this.nodes = nodes;
        this.poller = poller;
        this.ownerCounts = new AtomicLongArray(nodes.size());
    }

    public static void main(String[] args) throws Exception {
        LagOptions options;
        List<String> ids;
        try {
            options = LagOptions.parse(args);
            ids = Files.readAllLines(options.idsFile()).stream().map(String::strip).filter(Nconst::isValid)
                    .distinct().toList();
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("no valid nconst in " + options.idsFile());
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(LagOptions.usage());
            System.exit(2);
            return;
        }
        try (ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .executor(httpExecutor)
                        .build();
                KeepAliveHttpClient writer = KeepAliveHttpClient.to(options.writerUrl(), Duration.ofSeconds(10));
                SentinelNodes nodes = SentinelNodes.connect(options.memcachedNodes(), Duration.ofSeconds(1));
                SentinelPoller poller = SentinelPoller.start(nodes, options.pollInterval(), options.lagTimeout())) {
            int exit = new InvalidationLagBenchmark(options, ids, http, writer, nodes, poller).run();
            System.exit(exit);
        }
    }

    private int run() throws Exception {
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        WarmUp warmUp = warmUp();
        int warmupWrites = warmUp.writes();
        int measuredWrites = (int) (options.rate() * options.duration().toMillis() / 1000);
        resetCounters();

        String scrapeBefore = scrape(options.invalidatorUrl());
        OptionalDouble writerCompiledBefore = compiledMillis(options.writerUrl());
        OptionalDouble invalidatorCompiledBefore = PrometheusCounter.sum(scrapeBefore, COMPILE_METRIC);
        // One more second of unrecorded load between the scrape and the measurement: the pause at the end
        // of a phase (every write and sample finished) and the scrape itself must not land in the measured
        // first second, where they showed up as the run's worst lag. Its events are in the invalidator's n.
        int settleWrites = options.rate();
        runPhase(warmupWrites, settleWrites, false);
        long settledOk = ok.sum();
        resetCounters();
        System.out.printf(Locale.ROOT, "measuring: %,d writes at %d/s ...%n", measuredWrites, options.rate());
        Phase phase = runPhase(warmupWrites + settleWrites, measuredWrites, true);
        OptionalDouble writerCompiled = difference(compiledMillis(options.writerUrl()), writerCompiledBefore);
        OptionalDouble invalidatorCompiled = difference(compiledMillis(options.invalidatorUrl()),
                invalidatorCompiledBefore);
        PrometheusHistogram invalidatorLag = awaitInvalidatorCount(scrapeBefore, settledOk + ok.sum());

        String report = report(started, warmUp, phase, invalidatorLag, writerCompiled, invalidatorCompiled);
        System.out.print(report);
        Files.createDirectories(options.outDir());
        Files.writeString(options.outDir().resolve("lag.txt"), report, StandardCharsets.UTF_8);
        writeChart(invalidatorLag);
        Files.write(options.outDir().resolve("lag-samples.csv"),
                Stream.concat(Stream.of("sent_ms,reply_ms,lag_from_reply_ms,outcome"), sampleRows.stream()).toList(),
                StandardCharsets.UTF_8);
        return ok.sum() > 0 && lagFromResponse.getTotalCount() > 0 ? 0 : 1;
    }

    /**
     * @param length how long it ran
     * @param writes how many writes it issued
     * @param lastSliceCompiledMs writer + invalidator compile time in the last 10 s, when adaptive and scraped
     * @param verdict why it ended (null for a fixed warm-up)
     */
    private record WarmUp(Duration length, int writes, OptionalDouble lastSliceCompiledMs, Verdict verdict) {
    }

    /**
     * A fixed warm-up, or (with {@code --warmup-max}) one that goes on while the writer and the invalidator
     * are still JIT-compiling: on two shared cores a C2 compiler thread busy with a freshly started JVM's hot
     * code takes the CPU the write path needs, and a lag measured then is the compiler's, not the
     * invalidation protocol's. Their own {@code jvm_compilation_time_ms_total} says when that has passed.
     */
    private WarmUp warmUp() throws InterruptedException {
        WarmUpPolicy policy = WarmUpPolicy.of(options, WARMUP_SLICE);
        if (!policy.adaptive()) {
            int writes = writesIn(options.warmup());
            System.out.printf(Locale.ROOT, "warm-up: %,d writes at %d/s ...%n", writes, options.rate());
            runPhase(0, writes, false);
            return new WarmUp(options.warmup(), writes, OptionalDouble.empty(), null);
        }
        System.out.printf(Locale.ROOT, "warm-up: %d/s for %ds to %ds, until writer + invalidator compile less"
                + " than %d ms in %ds ...%n", options.rate(), options.warmup().toSeconds(),
                options.warmupMax().toSeconds(), options.jitQuiet().toMillis(), WARMUP_SLICE.toSeconds());
        Duration done = Duration.ZERO;
        int writes = 0;
        OptionalDouble compiledBefore = compiledMillis();
        while (true) {
            Duration slice = policy.nextSlice(done);
            int sliceWrites = writesIn(slice);
            runPhase(writes, sliceWrites, false);
            writes += sliceWrites;
            done = done.plus(slice);
            OptionalDouble compiledNow = compiledMillis();
            OptionalDouble lastSlice = difference(compiledNow, compiledBefore);
            compiledBefore = compiledNow;
            System.out.printf(Locale.ROOT, "  %4ds: writer + invalidator compiled %s in the last %ds%n",
                    done.toSeconds(), millis(lastSlice), slice.toSeconds());
            Verdict verdict = policy.verdict(done, lastSlice);
            if (verdict != Verdict.CONTINUE) {
                return new WarmUp(done, writes, lastSlice, verdict);
            }
        }
    }

    private int writesIn(Duration duration) {
        return (int) (options.rate() * duration.toMillis() / 1000);
    }

    /** Writer + invalidator, empty if either cannot be scraped. */
    private OptionalDouble compiledMillis() {
        OptionalDouble writer = compiledMillis(options.writerUrl());
        OptionalDouble invalidator = compiledMillis(options.invalidatorUrl());
        return writer.isPresent() && invalidator.isPresent()
                ? OptionalDouble.of(writer.getAsDouble() + invalidator.getAsDouble()) : OptionalDouble.empty();
    }

    private OptionalDouble compiledMillis(URI service) {
        return PrometheusCounter.sum(scrape(service), COMPILE_METRIC);
    }

    private static OptionalDouble difference(OptionalDouble after, OptionalDouble before) {
        return after.isPresent() && before.isPresent()
                ? OptionalDouble.of(after.getAsDouble() - before.getAsDouble()) : OptionalDouble.empty();
    }

    /** @param cpuNanos this process's CPU time from start to end; {@code readErrors}: failed poller multi-gets */
    private record Phase(long issued, long slipped, long startNanos, long lastIssueNanos, long endNanos,
            long cpuNanos, long readErrors) {
    }

    /** Issues {@code writes} writes on the fixed schedule and returns when every one (and its sample) finished. */
    private Phase runPhase(int firstSeq, int writes, boolean record) throws InterruptedException {
        long period = TimeUnit.SECONDS.toNanos(1) / options.rate();
        Semaphore permits = new Semaphore(options.maxInFlight());
        long slipped = 0;
        long cpuStart = processCpuNanos();
        long readErrorsStart = poller.readErrors();
        long start = System.nanoTime();
        if (record) {
            measuredStartNanos = start;
            measuredStart = Instant.now();
        }
        long lastIssue = start;
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writes; i++) {
                long due = start + i * period;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!permits.tryAcquire()) {
                    slipped++;
                    permits.acquire();
                }
                int seq = firstSeq + i;
                String nconst = ids.get(seq % ids.size());
                // Sample only if no earlier write to this name is still in flight: its invalidation could
                // remove our sentinel and make the lag look shorter than it is.
                boolean firstInFlight = writesInFlight.merge(nconst, 1, Integer::sum) == 1;
                boolean sample = seq % options.sampleEvery() == 0;
                if (sample && !firstInFlight) {
                    samplesSkippedBusy.increment();
                    sample = false;
                }
                boolean sampled = sample;
                lastIssue = System.nanoTime();
                tasks.submit(() -> write(seq, nconst, sampled, record, permits));
            }
        }
        // Every write has returned, so every sample has been handed to the poller: wait for them too.
        CompletableFuture.allOf(samplesAwaited.toArray(CompletableFuture[]::new)).join();
        samplesAwaited.clear();
        return new Phase(writes, slipped, start, lastIssue, System.nanoTime(), processCpuNanos() - cpuStart,
                poller.readErrors() - readErrorsStart);
    }

    /** CPU time of this whole process, all threads (HotSpot's extension of the platform MXBean). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void write(int seq, String nconst, boolean sample, boolean record, Semaphore permits) {
        String key = CacheKeys.name(nconst);
        String sentinel = "L:bench-" + runId + "-" + seq;
        boolean permitHeld = true;
        boolean nameHeld = true;
        try {
            if (sample) {
                try {
                    nodes.placeEverywhere(key, sentinel);
                } catch (Exception e) {
                    sentinelErrors.increment();
                    sample = false;
                }
            }
            byte[] patch = ("{\"primaryName\":\"Bench " + runId + " " + seq + "\"}").getBytes(StandardCharsets.UTF_8);
            long sent = System.nanoTime();
            int status;
            try {
                status = writer.send("PATCH", "/names/" + nconst, patchHeaders, patch);
            } catch (IOException e) {
                status = -1;
                failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            }
            long received = System.nanoTime();
            lastResponseNanos.accumulateAndGet(received, Math::max);
            permits.release();
            permitHeld = false;
            if (record) {
                writeLatency.recordValue(Math.min(received - sent, HIGHEST_NANOS));
            }
            if (status != 200) {
                if (status != -1) {
                    failures.computeIfAbsent("HTTP " + status, k -> new LongAdder()).increment();
                }
                if (sample) {
                    nodes.removeLeftovers(key, sentinel);
                }
                return;
            }
            ok.increment();
            if (sample) {
                watchSentinel(nconst, new Sample(key, sentinel, sent, received), record);
                nameHeld = false; // until the sample is done
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        } finally {
            if (permitHeld) {
                permits.release();
            }
            if (nameHeld) {
                releaseName(nconst);
            }
        }
    }

    private void releaseName(String nconst) {
        writesInFlight.computeIfPresent(nconst, (k, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Hands the sample to the poller and returns at once. The name counts as in flight until the sample is
     * recorded and its leftovers are removed, so no later sample on it can race with that removal.
     */
    private void watchSentinel(String nconst, Sample sample, boolean record) {
        samplesAwaited.add(poller.watch(sample).handleAsync((outcome, error) -> {
            try {
                if (error != null) {
                    failures.computeIfAbsent(error.getClass().getSimpleName(), k -> new LongAdder()).increment();
                } else if (record) {
                    record(outcome);
                }
                nodes.removeLeftovers(sample.key(), sample.sentinel());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            } finally {
                releaseName(nconst);
            }
            return null;
        }, afterSample));
    }

    private void record(Outcome outcome) {
        Sample sample = outcome.sample();
        switch (outcome) {
            case Gone gone -> {
                sampleRows.add(sampleRow(sample, gone.seenNanos(), "gone"));
                lagFromResponse.recordValue(Math.min(gone.seenNanos() - sample.receivedNanos(), HIGHEST_NANOS));
                lagFromSend.recordValue(Math.min(gone.seenNanos() - sample.sentNanos(), HIGHEST_NANOS));
                ownerCounts.incrementAndGet(gone.node());
                if (gone.atFirstLook()) {
                    alreadyGone.increment();
                }
            }
            case TimedOut timedOut -> {
                // Recorded at the timeout so a lost invalidation shows up in p99/max instead of vanishing.
                timeouts.increment();
                sampleRows.add(sampleRow(sample, timedOut.lastLookNanos(), "timeout"));
                lagFromResponse.recordValue(options.lagTimeout().toNanos());
                lagFromSend.recordValue(Math.min(timedOut.lastLookNanos() - sample.sentNanos(), HIGHEST_NANOS));
            }
        }
    }

    /** Times in ms: sent and reply relative to the start of the measured phase, lag from the reply. */
    private String sampleRow(Sample sample, long seenNanos, String outcome) {
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s", (sample.sentNanos() - measuredStartNanos) / 1e6,
                (sample.receivedNanos() - measuredStartNanos) / 1e6, (seenNanos - sample.receivedNanos()) / 1e6, outcome);
    }

    private void resetCounters() {
        writeLatency.reset();
        lagFromResponse.reset();
        lagFromSend.reset();
        ok.reset();
        failures.clear();
        samplesSkippedBusy.reset();
        sentinelErrors.reset();
        alreadyGone.reset();
        timeouts.reset();
        for (int i = 0; i < ownerCounts.length(); i++) {
            ownerCounts.set(i, 0);
        }
    }

    /** @return the exposition, or "" when the service cannot be scraped (what needs it is then skipped) */
    private String scrape(URI service) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * The invalidator records one lag sample per applied event; waits (bounded, 15 s) until it has recorded
     * at least as many as the measured phase committed, so the tail is not cut off by scraping too early.
     */
    private PrometheusHistogram awaitInvalidatorCount(String before, long expected) {
        PrometheusHistogram start = PrometheusHistogram.parse(before, PROMETHEUS_METRIC);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        PrometheusHistogram delta;
        do {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            delta = PrometheusHistogram.parse(scrape(options.invalidatorUrl()), PROMETHEUS_METRIC).minus(start);
        } while (delta.count() < expected && System.nanoTime() < deadline);
        return delta;
    }

    private String report(String started, WarmUp warmUp, Phase phase, PrometheusHistogram invalidatorLag,
            OptionalDouble writerCompiled, OptionalDouble invalidatorCompiled) {
        StringBuilder out = new StringBuilder();
        double issueSeconds = (phase.lastIssueNanos() - phase.startNanos()) / 1e9
                + 1.0 / options.rate();
        double completeSeconds = (lastResponseNanos.get() - phase.startNanos()) / 1e9;
        long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
        line(out, "== Invalidation lag under write load (names.bench.InvalidationLagBenchmark) ==");
        line(out, "started %s, measured from %s (lag-samples.csv: ms since then); %d cores shared by load"
                + " generator and the whole stack", started, measuredStart, Runtime.getRuntime().availableProcessors());
        line(out, "load: PATCH primaryName via %s on %,d names, target %d writes/s for %ds (after %ds warm-up),"
                + " 1 in %d writes sampled, max %d in flight",
                options.writerUrl(), ids.size(), options.rate(), options.duration().toSeconds(),
                warmUp.length().toSeconds(), options.sampleEvery(), options.maxInFlight());
        if (warmUp.verdict() != null) {
            double compiled = warmUp.lastSliceCompiledMs().orElse(Double.NaN);
            line(out, "warm-up: %ds of %d-%ds; %s", warmUp.length().toSeconds(), options.warmup().toSeconds(),
                    options.warmupMax().toSeconds(), switch (warmUp.verdict()) {
                        case JIT_SETTLED -> String.format(Locale.ROOT,
                                "writer + invalidator compiled %.0f ms in its last %ds (< %d ms)", compiled,
                                WARMUP_SLICE.toSeconds(), options.jitQuiet().toMillis());
                        case MAXIMUM_REACHED -> String.format(Locale.ROOT,
                                "JIT NOT settled: %.0f ms compiled in its last %ds", compiled,
                                WARMUP_SLICE.toSeconds());
                        case NOT_MEASURED, CONTINUE -> "compile time not scraped, minimum used";
                    });
        }
        line(out, "JIT compile time during the measurement: writer %s, invalidator %s (jvm_compilation_time_ms_total)",
                millis(writerCompiled), millis(invalidatorCompiled));
        line(out, "writes: issued %,d, ok %,d, failed %,d %s; schedule slipped %,d times (in-flight limit)",
                phase.issued(), ok.sum(), failed, failures.isEmpty() ? "" : new TreeMap<>(failures).toString(),
                phase.slipped());
        line(out, "achieved write rate: %.1f/s issued, %.1f/s completed OK (target %d/s)",
                phase.issued() / issueSeconds, ok.sum() / completeSeconds, options.rate());
        double measuredSeconds = (phase.endNanos() - phase.startNanos()) / 1e9;
        double toolCpuSeconds = phase.cpuNanos() / 1e9;
        line(out, "load generator CPU: %.1f s over %.1f s (%.2f cores)", toolCpuSeconds, measuredSeconds,
                toolCpuSeconds / measuredSeconds);
        line(out, "writer response time (all writes): %s", summary(writeLatency));
        line(out, "lag commit -> key deleted, from writer reply (lower bound), n=%,d: %s",
                lagFromResponse.getTotalCount(), summary(lagFromResponse));
        line(out, "lag commit -> key deleted, from request sent (upper bound):        %s", summary(lagFromSend));
        line(out, "goals (on the reply-based figure): p50 <= %.0f ms %s, p99 <= %.0f ms %s",
                GOAL_P50_MS, verdict(ms(lagFromResponse.getValueAtPercentile(50)) <= GOAL_P50_MS),
                GOAL_P99_MS, verdict(ms(lagFromResponse.getValueAtPercentile(99)) <= GOAL_P99_MS));
        StringBuilder owners = new StringBuilder();
        for (int i = 0; i < ownerCounts.length(); i++) {
            owners.append(i == 0 ? "" : ", ").append(nodes.address(i)).append(' ').append(ownerCounts.get(i));
        }
        line(out, "samples: already gone at the first look %,d, timeouts (> %d ms) %,d, skipped (same name in flight)"
                + " %,d, sentinel errors %,d, failed polls (node skipped) %,d; deleted on: %s",
                alreadyGone.sum(), options.lagTimeout().toMillis(), timeouts.sum(), samplesSkippedBusy.sum(),
                sentinelErrors.sum(), phase.readErrors(), owners);
        if (invalidatorLag.count() > 0) {
            line(out, "invalidator's own names_invalidation_lag (Prometheus buckets, all writes incl. the 1 s"
                    + " before the measurement, PostgreSQL commit timestamp -> deletes acked), n=%,d: p50 ~%.1f ms, p99 ~%.1f ms (bucket-interpolated)",
                    invalidatorLag.count(), invalidatorLag.quantile(0.5) * 1000,
                    invalidatorLag.quantile(0.99) * 1000);
        } else {
            line(out, "invalidator's own names_invalidation_lag: not available (scrape of %s failed or empty)",
                    options.invalidatorUrl());
        }
        line(out, "chart: %s", options.outDir().resolve("lag.png"));
        line(out, "RESULT lag rate=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f p50_upper_ms=%.2f p99_upper_ms=%.2f"
                + " invalidator_p50_ms=%.2f invalidator_p99_ms=%.2f tool_cpu_s=%.1f",
                ok.sum() / completeSeconds,
                ms(lagFromResponse.getValueAtPercentile(50)), ms(lagFromResponse.getValueAtPercentile(99)),
                ms(lagFromResponse.getMaxValue()), ms(lagFromSend.getValueAtPercentile(50)),
                ms(lagFromSend.getValueAtPercentile(99)), invalidatorLag.quantile(0.5) * 1000,
                invalidatorLag.quantile(0.99) * 1000, toolCpuSeconds);
        return out.toString();
    }

    private void writeChart(PrometheusHistogram invalidatorLag) throws IOException {
        Color invalidatorColor = new Color(120, 60, 170);
        List<LatencyChart.Marker> markers = invalidatorLag.count() == 0 ? List.of() : List.of(
                new LatencyChart.Marker("invalidator's own metric p50 (Prometheus buckets)", invalidatorColor, 50,
                        invalidatorLag.quantile(0.5) * 1000),
                new LatencyChart.Marker("invalidator's own metric p99", invalidatorColor, 99,
                        invalidatorLag.quantile(0.99) * 1000));
        LatencyChart.write(options.outDir().resolve("lag.png"),
                "Invalidation lag under write load: commit -> memcached key deleted",
                String.format(Locale.ROOT, "%,d writes at target %d/s for %ds, %d cores shared by load generator"
                        + " and stack, %s", ok.sum(), options.rate(), options.duration().toSeconds(),
                        Runtime.getRuntime().availableProcessors(),
                        ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)),
                List.of(new LatencyChart.Series("lag from writer reply (lower bound)", new Color(30, 110, 200),
                                lagFromResponse),
                        new LatencyChart.Series("lag from request sent (upper bound)", new Color(240, 150, 30),
                                lagFromSend),
                        new LatencyChart.Series("writer response time (PATCH)", new Color(90, 160, 90),
                                writeLatency)),
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

    private static String millis(OptionalDouble value) {
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
