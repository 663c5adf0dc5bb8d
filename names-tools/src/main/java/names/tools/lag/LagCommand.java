package names.tools.lag;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import names.contract.Nconst;
import names.tools.NamesTools;
import names.tools.lag.LagScheduler.Phase;
import names.tools.lag.WarmUpPolicy.Verdict;
import names.tools.report.PrometheusHistogram;
import names.tools.report.PrometheusScraper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Invalidation lag under write load: how long after a write commits is its cache key gone?
 *
 * <p>The {@link LagScheduler} issues writes through the writer's HTTP API and places a sentinel before every
 * n-th; the {@link SentinelPoller} watches the nodes until it is gone; the {@link LagRecorder} keeps the
 * figures and the {@link LagReport} prints and draws them. The writer replies after its transaction
 * committed, so "reply received" is slightly LATER than the commit and the lag measured from it is a lower
 * bound; the lag measured from "request sent" (before the commit) is an upper bound. Both are reported: the
 * true commit → delete time lies between them. The invalidator's own {@code names_invalidation_lag}
 * histogram (commit timestamp from PostgreSQL → every pool acknowledged the deletes) is scraped before and
 * after for comparison.
 */
@Command(name = "lag", mixinStandardHelpOptions = true, versionProvider = NamesTools.Version.class,
        sortOptions = false,
        description = {"Invalidation lag under write load: writes on a fixed schedule, every n-th timed from"
                + " commit to its memcached key being deleted. Writes lag.txt, lag.png and lag-samples.csv."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:measured", "1:no write succeeded or no sample was measured", "2:bad usage or the run failed"})
public final class LagCommand implements Callable<Integer> {

    private static final Duration WARMUP_SLICE = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Mixin
    private LagOptions options;

    LagOptions options() {
        return options;
    }

    @Override
    public Integer call() throws Exception {
        options.validated(spec.commandLine());
        List<String> ids = readIds();
        try (ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .executor(httpExecutor)
                        .build();
                KeepAliveHttpClient writer = KeepAliveHttpClient.to(options.writerUrl(), Duration.ofSeconds(10));
                SentinelNodes nodes = new SentinelNodes(options.memcached().connect("bench", Duration.ofSeconds(1)));
                SentinelPoller poller = SentinelPoller.start(nodes, options.pollInterval(), options.lagTimeout())) {
            LagRecorder recorder = new LagRecorder(nodes.size(), options.lagTimeout().toNanos());
            ServiceMetrics metrics = new ServiceMetrics(new PrometheusScraper(http), options.writerUrl(),
                    options.invalidatorUrl());
            try (LagScheduler scheduler = new LagScheduler(options, ids, writer, nodes, poller, recorder)) {
                return run(ids, nodes, recorder, scheduler, metrics);
            }
        }
    }

    private List<String> readIds() {
        List<String> ids;
        try {
            ids = Files.readAllLines(options.idsFile()).stream().map(String::strip).filter(Nconst::isValid)
                    .distinct().toList();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --ids-file: " + e);
        }
        if (ids.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no valid nconst in " + options.idsFile());
        }
        return ids;
    }

    private int run(List<String> ids, SentinelNodes nodes, LagRecorder recorder, LagScheduler scheduler,
            ServiceMetrics metrics) throws Exception {
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        WarmUp warmUp = warmUp(scheduler, metrics);
        int warmupWrites = warmUp.writes();
        int measuredWrites = writesIn(options.duration());
        recorder.reset();

        String scrapeBefore = metrics.scrapeInvalidator();
        OptionalDouble writerCompiledBefore = metrics.writerCompiledMillis();
        OptionalDouble invalidatorCompiledBefore = ServiceMetrics.compiledMillis(scrapeBefore);
        // One more second of unrecorded load between the scrape and the measurement: the pause at the end
        // of a phase (every write and sample finished) and the scrape itself must not land in the measured
        // first second, where they showed up as the run's worst lag. Its events are in the invalidator's n.
        int settleWrites = options.rate();
        scheduler.run(warmupWrites, settleWrites, false);
        long settledOk = recorder.ok();
        recorder.reset();
        System.out.printf(Locale.ROOT, "measuring: %,d writes at %d/s ...%n", measuredWrites, options.rate());
        Optional<MachineCpu> cpuBefore = MachineCpu.read(MachineCpu.PROC_STAT);
        ContainerCpu containersBefore = ContainerCpu.read(options.cpuCounters());
        Phase phase = scheduler.run(warmupWrites + settleWrites, measuredWrites, true);
        Map<String, Double> containerCpu = ContainerCpu.read(options.cpuCounters())
                .microsPerWrite(containersBefore, recorder.ok());
        Optional<MachineCpu.Usage> machineCpu = cpuBefore.flatMap(
                before -> MachineCpu.read(MachineCpu.PROC_STAT).flatMap(after -> after.since(before)));
        OptionalDouble writerCompiled = ServiceMetrics.difference(metrics.writerCompiledMillis(), writerCompiledBefore);
        OptionalDouble invalidatorCompiled = ServiceMetrics.difference(metrics.invalidatorCompiledMillis(),
                invalidatorCompiledBefore);
        PrometheusHistogram invalidatorLag = metrics.awaitInvalidationLag(scrapeBefore, settledOk + recorder.ok());

        LagReport report = new LagReport(options, WARMUP_SLICE);
        LagReport.Run run = new LagReport.Run(started, ids.size(), warmUp, phase, recorder, nodes, invalidatorLag,
                writerCompiled, invalidatorCompiled, machineCpu, containerCpu);
        String text = report.text(run);
        System.out.print(text);
        Files.createDirectories(options.outDir());
        Files.writeString(options.outDir().resolve("lag.txt"), text, StandardCharsets.UTF_8);
        report.writeChart(run);
        Files.write(options.outDir().resolve("lag-samples.csv"), recorder.csv(), StandardCharsets.UTF_8);
        return recorder.ok() > 0 && recorder.lagFromResponse().getTotalCount() > 0 ? 0 : 1;
    }

    /**
     * A fixed warm-up, or (with {@code --warmup-max}) one that goes on while the writer and the invalidator
     * are still JIT-compiling: on two shared cores a C2 compiler thread busy with a freshly started JVM's hot
     * code takes the CPU the write path needs, and a lag measured then is the compiler's, not the
     * invalidation protocol's. Their own {@code jvm_compilation_time_ms_total} says when that has passed.
     */
    private WarmUp warmUp(LagScheduler scheduler, ServiceMetrics metrics) throws InterruptedException {
        WarmUpPolicy policy = WarmUpPolicy.of(options, WARMUP_SLICE);
        if (!policy.adaptive()) {
            int writes = writesIn(options.warmup());
            System.out.printf(Locale.ROOT, "warm-up: %,d writes at %d/s ...%n", writes, options.rate());
            scheduler.run(0, writes, false);
            return new WarmUp(options.warmup(), writes, OptionalDouble.empty(), null);
        }
        System.out.printf(Locale.ROOT, "warm-up: %d/s for %ds to %ds, until writer + invalidator compile less"
                + " than %d ms in %ds ...%n", options.rate(), options.warmup().toSeconds(),
                options.warmupMax().toSeconds(), options.jitQuiet().toMillis(), WARMUP_SLICE.toSeconds());
        Duration done = Duration.ZERO;
        int writes = 0;
        OptionalDouble compiledBefore = metrics.compiledMillis();
        while (true) {
            Duration slice = policy.nextSlice(done);
            int sliceWrites = writesIn(slice);
            scheduler.run(writes, sliceWrites, false);
            writes += sliceWrites;
            done = done.plus(slice);
            OptionalDouble compiledNow = metrics.compiledMillis();
            OptionalDouble lastSlice = ServiceMetrics.difference(compiledNow, compiledBefore);
            compiledBefore = compiledNow;
            System.out.printf(Locale.ROOT, "  %4ds: writer + invalidator compiled %s in the last %ds%n",
                    done.toSeconds(), LagReport.millis(lastSlice), slice.toSeconds());
            Verdict verdict = policy.verdict(done, lastSlice);
            if (verdict != Verdict.CONTINUE) {
                return new WarmUp(done, writes, lastSlice, verdict);
            }
        }
    }

    private int writesIn(Duration duration) {
        return (int) (options.rate() * duration.toMillis() / 1000);
    }
}
