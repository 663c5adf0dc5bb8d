package names.tools.lag;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import names.tools.DurationConverter;
import names.tools.MemcachedServers;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Command-line options of the invalidation-lag benchmark. Writes are issued open loop (on a fixed schedule,
 * not after the previous reply), up to {@code --max-in-flight} at a time; every {@code --sample-every}-th
 * write carries a sentinel and is timed to its invalidation.
 */
public final class LagOptions {

    @Option(names = "--ids-file", paramLabel = "FILE", required = true,
            description = "existing nconsts, one per line: the names that are patched")
    private Path idsFile;

    @Option(names = "--writer-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
            description = "names-writer base URL: writes go there [${DEFAULT-VALUE}]")
    private URI writerUrl;

    @Option(names = "--invalidator-url", paramLabel = "URL", defaultValue = "http://localhost:8082",
            description = "invalidator base URL: its /actuator/prometheus is scraped for comparison [${DEFAULT-VALUE}]")
    private URI invalidatorUrl;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:NAMES_WRITER_API_KEY:-dev-writer-key}",
            description = "the writer's X-API-Key [$NAMES_WRITER_API_KEY or dev-writer-key]")
    private String apiKey;

    @Mixin
    private MemcachedServers memcached;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "500", description = "target writes/s [${DEFAULT-VALUE}]")
    private int rate;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "measured phase; durations like 30s, 500ms, 2m [${DEFAULT-VALUE}]")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "unrecorded phase at the same rate before it (JIT, connection pools); the minimum"
                    + " when --warmup-max is longer [${DEFAULT-VALUE}]")
    private Duration warmup;

    @Option(names = "--warmup-max", paramLabel = "D", converter = DurationConverter.class,
            description = "keep warming up, 10 s at a time, while writer and invalidator compiled more than"
                    + " --jit-quiet in the last 10 s, up to this long [= --warmup: a fixed warm-up]")
    private Duration warmupMax;

    @Option(names = "--jit-quiet", paramLabel = "D", defaultValue = "250ms", converter = DurationConverter.class,
            description = "compile time per 10 s (writer and invalidator together) below which they count as"
                    + " warm [${DEFAULT-VALUE}]")
    private Duration jitQuiet;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "5",
            description = "time every n-th write to its invalidation [${DEFAULT-VALUE}]")
    private int sampleEvery;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "128",
            description = "bound on concurrent writes; when reached the schedule slips and the achieved rate"
                    + " shows it [${DEFAULT-VALUE}]")
    private int maxInFlight;

    @Option(names = "--poll-interval", paramLabel = "D", defaultValue = "1ms", converter = DurationConverter.class,
            description = "pause between two looks for the sentinels [${DEFAULT-VALUE}]")
    private Duration pollInterval;

    @Option(names = "--lag-timeout", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.class,
            description = "a sentinel still present after this counts as a timeout, recorded at this value"
                    + " [${DEFAULT-VALUE}]")
    private Duration lagTimeout;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "build/bench",
            description = "where lag.txt, lag.png and lag-samples.csv go [${DEFAULT-VALUE}]")
    private Path outDir;

    @Option(names = "--cpu-of", paramLabel = "NAME=FILE",
            description = "a container's cgroup CPU counter (v1 cpuacct.usage or v2 cpu.stat); its CPU per write"
                    + " over the measurement is reported. Repeatable; scripts/bench.sh passes every service's")
    private Map<String, Path> cpuCounters = new LinkedHashMap<>();

    /**
     * Parses a lag command line without running it.
     *
     * @throws ParameterException saying which option is wrong
     */
    public static LagOptions parse(String... args) {
        LagCommand command = new LagCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.parseArgs(args);
        return command.options().validated(commandLine);
    }

    /** What picocli cannot check option by option. */
    LagOptions validated(CommandLine commandLine) {
        if (warmupMax == null) {
            warmupMax = warmup;
        }
        if (rate < 1 || sampleEvery < 1 || maxInFlight < 1) {
            throw new ParameterException(commandLine, "--rate, --sample-every and --max-in-flight must be >= 1");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new ParameterException(commandLine, "--duration must be > 0 and --warmup >= 0");
        }
        if (warmupMax.compareTo(warmup) < 0 || jitQuiet.isNegative()) {
            throw new ParameterException(commandLine, "--warmup-max must be >= --warmup and --jit-quiet >= 0");
        }
        return this;
    }

    public URI writerUrl() {
        return writerUrl;
    }

    public URI invalidatorUrl() {
        return invalidatorUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    public MemcachedServers memcached() {
        return memcached;
    }

    public Path idsFile() {
        return idsFile;
    }

    public int rate() {
        return rate;
    }

    public Duration duration() {
        return duration;
    }

    public Duration warmup() {
        return warmup;
    }

    public Duration warmupMax() {
        return warmupMax;
    }

    public Duration jitQuiet() {
        return jitQuiet;
    }

    public int sampleEvery() {
        return sampleEvery;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration lagTimeout() {
        return lagTimeout;
    }

    public Path outDir() {
        return outDir;
    }

    /** Containers' CPU counters by name, in the order given. */
    public Map<String, Path> cpuCounters() {
        return cpuCounters;
    }
}
