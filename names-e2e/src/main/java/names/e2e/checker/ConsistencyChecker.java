package names.e2e.checker;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;

import names.e2e.client.ApiClient;
import names.e2e.client.WriterClient;
import names.e2e.memcached.MemcachedNodes;

/**
 * Runs a randomized concurrent workload against a running names system, waits until every change has
 * been relayed and invalidated, then compares memcached (every node), Postgres and names-api for every
 * workload name. Exit status 1 when anything stale remains.
 *
 * <pre>java -jar names-e2e/target/names-e2e-checker.jar --names 200 --duration 30s --seed 42</pre>
 */
public final class ConsistencyChecker {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MEMCACHED_TIMEOUT = Duration.ofSeconds(2);

    public static void main(String[] args) {
        CheckerOptions options;
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.print(CheckerOptions.USAGE);
                return;
            }
            options = CheckerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(CheckerOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            CheckResult result = run(options, System.out);
            status = result.staleEntries() > 0 ? 1 : 0;
        } catch (Exception e) {
            System.err.println("checker failed: " + e);
            e.printStackTrace(System.err);
            status = 2;
        }
        System.exit(status);
    }

    /** Runs the whole check and prints the report to {@code out}. */
    public static CheckResult run(CheckerOptions options, PrintStream out) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ApiClient api = new ApiClient(http, options.api(), HTTP_TIMEOUT);
        WriterClient writer = new WriterClient(http, options.writer(), options.apiKey(), HTTP_TIMEOUT);
        OperationCounts counts = new OperationCounts();
        try (PostgresNames postgres = new PostgresNames(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
             MemcachedNodes memcached = new MemcachedNodes(options.memcached(), MEMCACHED_TIMEOUT)) {
            StalenessProbes probes = new StalenessProbes(api);
            try {
                if (!options.auditOnly()) {
                    Workload workload = new Workload(options, api, writer, counts, probes);
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
                    probes.superseded(), probes.timedOut(), probes.failed(), drain, audit);
            result.print(out);
            return result;
        }
    }

    private ConsistencyChecker() {
    }
}
