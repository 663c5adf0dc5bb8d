package names.tools.report;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Prometheus histogram read from a text exposition: cumulative counts per upper bound ({@code le}),
 * summed over every other label set. Two scrapes subtracted give the samples recorded in between, and
 * quantiles are estimated the way PromQL's {@code histogram_quantile} does it, so the figures are the
 * ones a dashboard would show, including its coarseness (an estimate can never be finer than a bucket).
 */
public final class PrometheusHistogram {

    private static final Pattern BUCKET_LINE = Pattern.compile(
            "^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\\{(?<labels>[^}]*)}\\s+(?<value>\\S+).*$");
    private static final Pattern LE_LABEL = Pattern.compile("(?:^|,)\\s*le=\"(?<le>[^\"]+)\"");

    /** upper bound (seconds; +Inf as {@link Double#POSITIVE_INFINITY}) → cumulative count */
    private final NavigableMap<Double, Double> cumulative;

    private PrometheusHistogram(NavigableMap<Double, Double> cumulative) {
        this.cumulative = cumulative;
    }

    /**
     * @param exposition the body of a {@code /actuator/prometheus} scrape
     * @param name the metric name without the {@code _bucket} suffix, e.g. {@code names_invalidation_lag_seconds}
     * @return the histogram, empty (count 0) if the metric is absent — e.g. nothing was recorded yet
     */
    public static PrometheusHistogram parse(String exposition, String name) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = BUCKET_LINE.matcher(line.strip());
            if (!m.matches() || !m.group("name").equals(name)) {
                continue;
            }
            Matcher le = LE_LABEL.matcher(m.group("labels"));
            if (!le.find()) {
                continue;
            }
            double bound = parseNumber(le.group("le"));
            buckets.merge(bound, parseNumber(m.group("value")), Double::sum);
        }
        return new PrometheusHistogram(buckets);
    }

    private static double parseNumber(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The samples recorded between {@code earlier} and this scrape (a counter reset is not handled: restart = rerun). */
    public PrometheusHistogram minus(PrometheusHistogram earlier) {
        NavigableMap<Double, Double> diff = new TreeMap<>();
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            diff.put(e.getKey(), e.getValue() - earlier.cumulative.getOrDefault(e.getKey(), 0.0));
        }
        return new PrometheusHistogram(diff);
    }

    public long count() {
        Double total = cumulative.get(Double.POSITIVE_INFINITY);
        if (total == null) {
            total = cumulative.isEmpty() ? 0.0 : cumulative.lastEntry().getValue();
        }
        return Math.round(total);
    }

    /**
     * PromQL {@code histogram_quantile}: find the first bucket whose cumulative count reaches q × total and
     * interpolate linearly inside it (from 0 for the first bucket). A quantile in the +Inf bucket is
     * reported as the highest finite bound, i.e. "at least this much".
     *
     * @return seconds, or NaN when the histogram is empty
     */
    public double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            double upperBound = e.getKey();
            double upperCount = e.getValue();
            if (upperCount >= rank && upperCount > lowerCount) {
                if (Double.isInfinite(upperBound)) {
                    return lowerBound;
                }
                return lowerBound + (upperBound - lowerBound) * (rank - lowerCount) / (upperCount - lowerCount);
            }
            lowerBound = Double.isInfinite(upperBound) ? lowerBound : upperBound;
            lowerCount = upperCount;
        }
        return lowerBound;
    }
}
