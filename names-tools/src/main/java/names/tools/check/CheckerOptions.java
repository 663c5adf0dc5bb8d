package names.tools.check;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import names.tools.DurationConverter;
import names.tools.MemcachedServers;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The checker's knobs. Defaults match a `./dev start` stack on localhost. The workload owns the
 * {@code --names} names from {@code --first-nconst} on, far above IMDB's and the demo data's ids, so it
 * never rewrites someone else's rows.
 */
public final class CheckerOptions {

    /** Birth years FROM-TO, both included. */
    public record Years(int first, int last) {
    }

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "names-api base URL [${DEFAULT-VALUE}]")
    private URI api;

    @Option(names = "--writer", paramLabel = "URL", defaultValue = "http://localhost:8081",
            description = "names-writer base URL [${DEFAULT-VALUE}]")
    private URI writer;

    @Option(names = "--invalidator", paramLabel = "URL", defaultValue = "http://localhost:8082",
            description = "invalidator base URL: its consistency observer's counts are reported [${DEFAULT-VALUE}]")
    private URI invalidator;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:NAMES_WRITER_API_KEY:-dev-writer-key}",
            description = "names-writer X-API-Key [$NAMES_WRITER_API_KEY or dev-writer-key]")
    private String apiKey;

    @Mixin
    private MemcachedServers memcached;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", defaultValue = "localhost:9094",
            description = "Kafka bootstrap (external listener), for the invalidator's lag [${DEFAULT-VALUE}]")
    private String kafka;

    @Option(names = "--group", paramLabel = "ID", defaultValue = "names-invalidator",
            description = "prefix of the invalidator's per-node consumer groups [${DEFAULT-VALUE}]")
    private String consumerGroup;

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "jdbc:postgresql://localhost:5432/names",
            description = "PostgreSQL [${DEFAULT-VALUE}]")
    private String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "names", description = "[${DEFAULT-VALUE}]")
    private String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "PASSWORD", defaultValue = "names",
            description = "[${DEFAULT-VALUE}]")
    private String jdbcPassword;

    @Option(names = "--names", paramLabel = "K", defaultValue = "200",
            description = "names in the workload [${DEFAULT-VALUE}]")
    private int names;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "run time, e.g. 30s, 2m, PT1M [${DEFAULT-VALUE}]")
    private Duration duration;

    @Option(names = "--operations", paramLabel = "N", defaultValue = "0",
            description = "stop after N operations (over all threads) instead of --duration")
    private long operations;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "4",
            description = "reader threads [${DEFAULT-VALUE}]")
    private int readers;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "2",
            description = "writer threads [${DEFAULT-VALUE}]")
    private int writers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "random seed: same seed, same operations per thread [${DEFAULT-VALUE}]")
    private long seed;

    @Option(names = "--first-nconst", paramLabel = "N", defaultValue = "900000000",
            description = "numeric part of the first name [${DEFAULT-VALUE}]")
    private long firstNconst;

    @Option(names = "--years", paramLabel = "FROM-TO", defaultValue = "1960-1969", converter = YearsConverter.class,
            description = "birth years the workload uses [${DEFAULT-VALUE}]")
    private Years years;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "10",
            description = "measure the staleness window of one write in N [${DEFAULT-VALUE}]")
    private int sampleEvery;

    @Option(names = "--max-staleness", paramLabel = "D", defaultValue = "2s", converter = DurationConverter.class,
            description = "the api's staleness bound S: a read that returns a version superseded longer ago fails"
                    + " the run; 0 = report only [${DEFAULT-VALUE}]")
    private Duration maxStaleness;

    @Option(names = "--sql-every", paramLabel = "N", defaultValue = "25",
            description = "one write in N is a direct SQL UPDATE, 0 = none [${DEFAULT-VALUE}]")
    private int sqlEvery;

    @Option(names = "--drain-timeout", paramLabel = "D", defaultValue = "2m", converter = DurationConverter.class,
            description = "wait this long for the change log and consumer lag to drain [${DEFAULT-VALUE}]")
    private Duration drainTimeout;

    @Option(names = "--audit-only",
            description = "no workload: drain, then compare the --names names and --years lists")
    private boolean auditOnly;

    /**
     * Parses a checker command line without running it (tests, and whoever drives the checker from code).
     *
     * @throws ParameterException saying which option is wrong
     */
    public static CheckerOptions parse(String... args) {
        ConsistencyChecker checker = new ConsistencyChecker();
        CommandLine commandLine = new CommandLine(checker);
        commandLine.parseArgs(args);
        return checker.options().validated(commandLine);
    }

    /** What picocli cannot check option by option. */
    CheckerOptions validated(CommandLine commandLine) {
        require(commandLine, names > 0, "--names must be positive");
        require(commandLine, readers >= 0 && writers > 0, "--writers must be positive and --readers not negative");
        require(commandLine, operations >= 0, "--operations must not be negative");
        require(commandLine, sampleEvery > 0, "--sample-every must be positive");
        require(commandLine, sqlEvery >= 0, "--sql-every must not be negative");
        require(commandLine, !maxStaleness.isNegative(), "--max-staleness must not be negative");
        require(commandLine, firstNconst >= 0 && String.valueOf(firstNconst + names - 1).length() <= 10,
                "--first-nconst + --names must fit in 10 digits");
        return this;
    }

    private static void require(CommandLine commandLine, boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(commandLine, message);
        }
    }

    public URI api() {
        return api;
    }

    public URI invalidator() {
        return invalidator;
    }

    public URI writer() {
        return writer;
    }

    public String apiKey() {
        return apiKey;
    }

    public MemcachedServers memcached() {
        return memcached;
    }

    public String kafka() {
        return kafka;
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    public int names() {
        return names;
    }

    public Duration duration() {
        return duration;
    }

    public long operations() {
        return operations;
    }

    public int readers() {
        return readers;
    }

    public int writers() {
        return writers;
    }

    public long seed() {
        return seed;
    }

    public long firstNconst() {
        return firstNconst;
    }

    public int firstYear() {
        return years.first();
    }

    public int lastYear() {
        return years.last();
    }

    public int sampleEvery() {
        return sampleEvery;
    }

    public int sqlEvery() {
        return sqlEvery;
    }

    public Duration maxStaleness() {
        return maxStaleness;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public boolean auditOnly() {
        return auditOnly;
    }

    /** The i-th workload name (0-based). */
    public String nconst(int index) {
        return "nm" + String.format("%07d", firstNconst + index);
    }

    public List<String> nconsts() {
        return IntStream.range(0, names).mapToObj(this::nconst).toList();
    }

    public int yearCount() {
        return lastYear() - firstYear() + 1;
    }

    static final class YearsConverter implements ITypeConverter<Years> {

        private static final Pattern RANGE = Pattern.compile("(\\d{4})-(\\d{4})");

        @Override
        public Years convert(String value) {
            Matcher m = RANGE.matcher(value);
            if (!m.matches() || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
                throw new TypeConversionException("'" + value + "' is not FROM-TO with FROM <= TO, e.g. 1960-1969");
            }
            return new Years(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
    }
}
