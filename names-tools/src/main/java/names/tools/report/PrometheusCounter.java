package names.tools.report;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One counter (or gauge) read from a text exposition, summed over every label set. */
public final class PrometheusCounter {

    private static final Pattern SAMPLE_LINE = Pattern.compile(
            "^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{[^}]*})?\\s+(?<value>\\S+).*$");

    private PrometheusCounter() {
    }

    /**
     * @param exposition the body of a {@code /actuator/prometheus} scrape
     * @param name the full sample name, e.g. {@code jvm_compilation_time_ms_total}
     * @return the sum over its label sets, empty when the metric is absent (so a caller can tell "0" from
     *         "not exported")
     */
    public static OptionalDouble sum(String exposition, String name) {
        double sum = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE_LINE.matcher(line.strip());
            if (m.matches() && m.group("name").equals(name)) {
                sum += Double.parseDouble(m.group("value"));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
