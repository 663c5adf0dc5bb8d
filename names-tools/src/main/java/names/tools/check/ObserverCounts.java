package names.tools.check;

import java.net.URI;
import java.util.OptionalDouble;

import names.tools.report.PrometheusCounter;
import names.tools.report.PrometheusScraper;

/**
 * What a service's consistency observer (names-memcached's {@code ConsistencyLedger}) counted during the
 * run: the invalidator's invalidation checks, the api's cache inspection. Read from Prometheus, as the
 * difference between a scrape before the workload and one after the audit; the nines are the service's
 * own, over its sliding period. {@link #available()} is false when the service could not be scraped.
 */
public record ObserverCounts(String source, boolean available, long checks, long inconsistencies, long shed,
        double nines) {

    /** The counters' values at one scrape. */
    record Scrape(String source, OptionalDouble checks, OptionalDouble inconsistencies, OptionalDouble shed,
            OptionalDouble nines) {

        static Scrape of(PrometheusScraper scraper, URI service, String source) {
            String exposition = scraper.scrape(service);
            return new Scrape(source, PrometheusCounter.sum(exposition, "names_consistency_checks_total"),
                    PrometheusCounter.sum(exposition, "names_consistency_inconsistencies_total"),
                    PrometheusCounter.sum(exposition, "names_consistency_shed_total"),
                    PrometheusCounter.sum(exposition, "names_consistency_nines"));
        }

        /** What happened between {@code before} and this scrape. */
        ObserverCounts since(Scrape before) {
            if (checks.isEmpty()) {
                return new ObserverCounts(source, false, 0, 0, 0, Double.NaN);
            }
            return new ObserverCounts(source, true, delta(checks, before.checks), delta(inconsistencies,
                    before.inconsistencies), delta(shed, before.shed), nines.orElse(Double.NaN));
        }

        private static long delta(OptionalDouble after, OptionalDouble before) {
            return Math.round(after.orElse(0) - before.orElse(0));
        }
    }

    String describe() {
        if (!available) {
            return String.format("observer (%s): not reachable, not reported", source);
        }
        return String.format("observer (%s): checks %d, inconsistencies %d, shed %d, nines %s", source, checks,
                inconsistencies, shed, Double.isNaN(nines) ? "n/a (no checks in its period)"
                        : String.format("%.1f%s", nines, inconsistencies == 0 ? " (at least)" : ""));
    }
}
