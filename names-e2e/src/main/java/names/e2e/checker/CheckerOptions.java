package names.e2e.checker;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checker's knobs. Defaults match a `./dev start` stack on localhost.
 *
 * @param operations total operations over all threads; 0 runs for {@code duration} instead
 * @param firstNconst the numeric part of the first checked name; the workload owns the K names from it on,
 *        far above IMDB's and the demo data's ids so it never rewrites someone else's rows
 * @param sampleEvery one write in this many gets its staleness window measured
 * @param sqlEvery one write in this many is a direct SQL UPDATE (0 disables them)
 * @param auditOnly skip the workload: only drain and compare (checks a running system without loading it)
 */
public record CheckerOptions(
        URI api,
        URI writer,
        String apiKey,
        List<String> memcached,
        String kafka,
        String consumerGroup,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        int names,
        Duration duration,
        long operations,
        int readers,
        int writers,
        long seed,
        long firstNconst,
        int firstYear,
        int lastYear,
        int sampleEvery,
        int sqlEvery,
        Duration drainTimeout,
        boolean auditOnly) {

    public static final String USAGE = """
            names consistency checker: a randomized concurrent workload, then a comparison of every name in
            memcached (every node), Postgres and names-api.

            Options (defaults in brackets):
              --api URL             names-api base URL [http://localhost:8080]
              --writer URL          names-writer base URL [http://localhost:8081]
              --api-key KEY         names-writer X-API-Key [$NAMES_WRITER_API_KEY or dev-writer-key]
              --memcached LIST      memcached nodes host:port,host:port [localhost:11211,localhost:11212]
              --kafka HOST:PORT     Kafka bootstrap (external listener), for the invalidator's lag [localhost:9094]
              --group ID            prefix of the invalidator's per-node consumer groups [names-invalidator]
              --jdbc-url URL        Postgres [jdbc:postgresql://localhost:5432/names]
              --jdbc-user USER      [names]     --jdbc-password PASSWORD  [names]
              --names K             names in the workload [200]
              --duration D          run time, e.g. 30s, 2m, PT1M [30s]
              --operations N        stop after N operations instead of --duration
              --readers N           reader threads [4]      --writers N   writer threads [2]
              --seed N              random seed: same seed, same operations per thread [42]
              --first-nconst N      numeric part of the first name [900000000]
              --years FROM-TO       birth years the workload uses [1960-1969]
              --sample-every N      measure the staleness window of one write in N [10]
              --sql-every N         one write in N is a direct SQL UPDATE, 0 = none [25]
              --drain-timeout D     wait this long for the change log and consumer lag to drain [2m]
              --audit-only          no workload: drain, then compare the --names names and --years lists
            Exit status: 0 consistent, 1 stale entries found, 2 bad usage or the run failed.
            """;

    public CheckerOptions {
        memcached = List.copyOf(memcached);
        require(names > 0, "--names must be positive");
        require(readers >= 0 && writers > 0, "--writers must be positive and --readers not negative");
        require(operations >= 0, "--operations must not be negative");
        require(firstYear <= lastYear, "--years FROM-TO needs FROM <= TO");
        require(sampleEvery > 0, "--sample-every must be positive");
        require(sqlEvery >= 0, "--sql-every must not be negative");
        require(!memcached.isEmpty(), "--memcached needs at least one node");
        require(firstNconst >= 0 && String.valueOf(firstNconst + names - 1).length() <= 10,
                "--first-nconst + --names must fit in 10 digits");
    }

    public static CheckerOptions defaults() {
        String key = System.getenv("NAMES_WRITER_API_KEY");
        return new CheckerOptions(URI.create("http://localhost:8080"), URI.create("http://localhost:8081"),
                key == null || key.isBlank() ? "dev-writer-key" : key,
                List.of("localhost:11211", "localhost:11212"), "localhost:9094", "names-invalidator",
                "jdbc:postgresql://localhost:5432/names", "names", "names",
                200, Duration.ofSeconds(30), 0, 4, 2, 42, 900_000_000L, 1960, 1969, 10, 25, Duration.ofMinutes(2),
                false);
    }

    /** @throws IllegalArgumentException saying which option is wrong */
    public static CheckerOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + option);
            }
            int equals = option.indexOf('=');
            if (option.equals("--audit-only")) {
                values.put("audit-only", "true");
            } else if (equals > 0) {
                values.put(option.substring(2, equals), option.substring(equals + 1));
            } else if (i + 1 < args.length) {
                values.put(option.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(option + " needs a value");
            }
        }
        CheckerOptions d = defaults();
        int[] years = {d.firstYear, d.lastYear};
        String yearRange = values.remove("years");
        if (yearRange != null) {
            Matcher m = Pattern.compile("(\\d{4})-(\\d{4})").matcher(yearRange);
            if (!m.matches()) {
                throw new IllegalArgumentException("--years must be FROM-TO, e.g. 1960-1969");
            }
            years = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        CheckerOptions options = new CheckerOptions(
                uri(values.remove("api"), d.api),
                uri(values.remove("writer"), d.writer),
                string(values.remove("api-key"), d.apiKey),
                list(values.remove("memcached"), d.memcached),
                string(values.remove("kafka"), d.kafka),
                string(values.remove("group"), d.consumerGroup),
                string(values.remove("jdbc-url"), d.jdbcUrl),
                string(values.remove("jdbc-user"), d.jdbcUser),
                string(values.remove("jdbc-password"), d.jdbcPassword),
                (int) number("names", values.remove("names"), d.names),
                duration("duration", values.remove("duration"), d.duration),
                number("operations", values.remove("operations"), d.operations),
                (int) number("readers", values.remove("readers"), d.readers),
                (int) number("writers", values.remove("writers"), d.writers),
                number("seed", values.remove("seed"), d.seed),
                number("first-nconst", values.remove("first-nconst"), d.firstNconst),
                years[0], years[1],
                (int) number("sample-every", values.remove("sample-every"), d.sampleEvery),
                (int) number("sql-every", values.remove("sql-every"), d.sqlEvery),
                duration("drain-timeout", values.remove("drain-timeout"), d.drainTimeout),
                Boolean.parseBoolean(values.remove("audit-only")));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + values.keySet());
        }
        return options;
    }

    /** The i-th workload name (0-based). */
    public String nconst(int index) {
        return "nm" + String.format("%07d", firstNconst + index);
    }

    public List<String> nconsts() {
        return java.util.stream.IntStream.range(0, names).mapToObj(this::nconst).toList();
    }

    public int yearCount() {
        return lastYear - firstYear + 1;
    }

    private static URI uri(String value, URI fallback) {
        return value == null ? fallback : URI.create(value);
    }

    private static String string(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> list(String value, List<String> fallback) {
        return value == null ? fallback
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static long number(String option, String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be a number, got " + value);
        }
    }

    static Duration duration(String option, String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + option + " must be a duration like 30s, 2m or PT1M, got " + value);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
