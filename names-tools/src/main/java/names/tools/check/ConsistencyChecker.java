package names.tools.check;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import names.memcached.MemcachedNodes;
import names.tools.NamesTools;
import names.tools.client.ApiClient;
import names.tools.client.WriterClient;
import names.tools.report.PrometheusScraper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs a randomized concurrent workload against a running names system, waits until every change has
 * been relayed and invalidated, then compares memcached (every node), Postgres and names-api for every
 * workload name.
 *
 * <pre>./dev check --names 200 --duration 30s --seed 42</pre>
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = NamesTools.Version.class,
        sortOptions = false,
        description = {"names consistency checker: a randomized concurrent workload, then a comparison of every"
                + " name in memcached (every node), Postgres and names-api."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:consistent", "1:stale entries found, or a read staler than --max-staleness",
                "2:bad usage or the run failed"})
public final class ConsistencyChecker implements Callable<Integer> {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MEMCACHED_TIMEOUT = Duration.ofSeconds(2);

    @Spec
    private CommandSpec spec;

    @Mixin
    private CheckerOptions options;

    CheckerOptions options() {
        return options;
    }

    @Override
    public Integer call() throws Exception {
        CheckResult result = run(options.validated(spec.commandLine()), System.out);
        return result.staleEntries() > 0 || result.readsOverMaxStaleness() ? 1 : 0;
    }

    /** Runs the whole check and prints the report to {@code out}. */
    public static CheckResult run(CheckerOptions options, PrintStream out) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ApiClient api = new ApiClient(http, options.api(), HTTP_TIMEOUT);
        WriterClient writer = new WriterClient(http, options.writer(), options.apiKey(), HTTP_TIMEOUT);
        OperationCounts counts = new OperationCounts();
        try (PostgresNames postgres = new PostgresNames(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
             MemcachedNodes memcached = options.memcached().connect("checker", MEMCACHED_TIMEOUT)) {
            PrometheusScraper scraper = new PrometheusScraper(http);
            ObserverCounts.Scrape invalidationBefore = ObserverCounts.Scrape.of(scraper, options.invalidator(), "invalidation");
            ObserverCounts.Scrape inspectionBefore = ObserverCounts.Scrape.of(scraper, options.api(), "inspection");
            StalenessProbes probes = new StalenessProbes(api);
            ReadStaleness readStaleness = new ReadStaleness();
            try {
                if (!options.auditOnly()) {
                    Workload workload = new Workload(options, api, writer, counts, probes, readStaleness);
                    out.printf("preparing %d names from %s ...%n", options.names(), options.nconst(0));
                    workload.prepare();
                    out.printf("running the workload ...%n");
                    workload.run();
                }
            } finally {
                probes.close();
            }
            out.printf("draining ...%n");
            Drain.Result drain = Drain.await(options, postgres);
            Audit.Result audit = Audit.run(options, postgres, memcached, api);
            CheckResult result = new CheckResult(options, counts.snapshot(), counts.total(), probes.windowMicros(),
                    probes.superseded(), probes.timedOut(), probes.failed(), readStaleness.stalenessMicros(),
                    readStaleness.reads(), Duration.ofNanos(readStaleness.maxNanos()), drain, audit, List.of(
                            ObserverCounts.Scrape.of(scraper, options.invalidator(), "invalidation").since(invalidationBefore),
                            ObserverCounts.Scrape.of(scraper, options.api(), "inspection").since(inspectionBefore)));
            result.print(out);
            return result;
        }
    }
}
