package names.tools.lag;

import java.net.URI;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import names.tools.report.PrometheusCounter;
import names.tools.report.PrometheusHistogram;
import names.tools.report.PrometheusScraper;

/** The figures the lag benchmark reads from the writer's and the invalidator's own Prometheus endpoints. */
final class ServiceMetrics {

    static final String INVALIDATION_LAG = "names_invalidation_lag_seconds";
    private static final String COMPILE_TIME = "jvm_compilation_time_ms_total";

    private final PrometheusScraper scraper;
    private final URI writer;
    private final URI invalidator;

    ServiceMetrics(PrometheusScraper scraper, URI writer, URI invalidator) {
        this.scraper = scraper;
        this.writer = writer;
        this.invalidator = invalidator;
    }

    String scrapeInvalidator() {
        return scraper.scrape(invalidator);
    }

    /** Writer + invalidator JIT compile time so far, empty if either cannot be scraped. */
    OptionalDouble compiledMillis() {
        OptionalDouble w = writerCompiledMillis();
        OptionalDouble i = invalidatorCompiledMillis();
        return w.isPresent() && i.isPresent() ? OptionalDouble.of(w.getAsDouble() + i.getAsDouble())
                : OptionalDouble.empty();
    }

    OptionalDouble writerCompiledMillis() {
        return PrometheusCounter.sum(scraper.scrape(writer), COMPILE_TIME);
    }

    OptionalDouble invalidatorCompiledMillis() {
        return compiledMillis(scrapeInvalidator());
    }

    static OptionalDouble compiledMillis(String exposition) {
        return PrometheusCounter.sum(exposition, COMPILE_TIME);
    }

    static OptionalDouble difference(OptionalDouble after, OptionalDouble before) {
        return after.isPresent() && before.isPresent()
                ? OptionalDouble.of(after.getAsDouble() - before.getAsDouble()) : OptionalDouble.empty();
    }

    /**
     * The invalidator records one lag sample per applied event; waits (bounded, 15 s) until it has recorded
     * at least {@code expected} since {@code before}, so the tail is not cut off by scraping too early.
     */
    PrometheusHistogram awaitInvalidationLag(String before, long expected) {
        PrometheusHistogram start = PrometheusHistogram.parse(before, INVALIDATION_LAG);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        PrometheusHistogram delta;
        do {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            delta = PrometheusHistogram.parse(scrapeInvalidator(), INVALIDATION_LAG).minus(start);
        } while (delta.count() < expected && System.nanoTime() < deadline);
        return delta;
    }
}
