package names.bench.lag;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the invalidation-lag benchmark, {@code --name value} or {@code --name=value}.
 *
 * @param writerUrl names-writer base URL (writes go there)
 * @param invalidatorUrl invalidator base URL (its /actuator/prometheus is scraped for comparison)
 * @param apiKey the writer's X-API-Key
 * @param memcachedNodes every memcached node as host:port, reachable from where the benchmark runs
 * @param idsFile existing nconsts, one per line: the names that are patched
 * @param rate target writes per second (open loop: issued on a fixed schedule, not after the previous reply)
 * @param duration measured phase
 * @param warmup unrecorded phase at the same rate before it (JIT, connection pools); the minimum when
 *        {@code warmupMax} is longer
 * @param warmupMax the warm-up goes on past {@code warmup}, 10 s at a time, while the writer and the
 *        invalidator are still JIT-compiling (more than {@code jitQuiet} of compile time in the last 10 s), up
 *        to this long; equal to {@code warmup} (the default) for a fixed warm-up
 * @param jitQuiet compile time per 10 s slice (writer and invalidator together) below which they count as warm
 * @param sampleEvery every n-th write carries a sentinel and is timed to its invalidation
 * @param maxInFlight bound on concurrent writes; when reached the schedule slips and the achieved rate shows it
 * @param pollInterval pause between two looks for the sentinel
 * @param lagTimeout a sentinel still present after this counts as a timeout (recorded at this value)
 * @param outDir where lag.txt and lag.png go
 */
public record LagOptions(
        URI writerUrl,
        URI invalidatorUrl,
        String apiKey,
        List<String> memcachedNodes,
        Path idsFile,
        int rate,
        Duration duration,
        Duration warmup,
        Duration warmupMax,
        Duration jitQuiet,
        int sampleEvery,
        int maxInFlight,
        Duration pollInterval,
        Duration lagTimeout,
        Path outDir) {

    private static final Set<String> KNOWN = Set.of("writer-url", "invalidator-url", "api-key", "memcached",
            "ids-file", "rate", "duration", "warmup", "warmup-max", "jit-quiet", "sample-every", "max-in-flight",
            "poll-interval", "lag-timeout", "out-dir");

    public LagOptions {
        if (rate < 1 || sampleEvery < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("--rate, --sample-every and --max-in-flight must be >= 1");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be > 0 and --warmup >= 0");
        }
        if (warmupMax.compareTo(warmup) < 0 || jitQuiet.isNegative()) {
            throw new IllegalArgumentException("--warmup-max must be >= --warmup and --jit-quiet >= 0");
        }
        if (memcachedNodes.isEmpty()) {
            throw new IllegalArgumentException("--memcached needs at least one host:port");
        }
    }

    public static String usage() {
        return """
                usage: java -cp names-bench.jar names.bench.InvalidationLagBenchmark --ids-file FILE [options]
                  --writer-url URL        (http://localhost:8081)
                  --invalidator-url URL   (http://localhost:8082)
                  --api-key KEY           (dev-writer-key)
                  --memcached H:P,H:P     (localhost:11211,localhost:11212) every node
                  --rate N                (500) target writes/s
                  --duration D            (30s)   --warmup D (30s)   durations like 30s, 500ms, 2m
                  --warmup-max D          (= --warmup) keep warming up, 10 s at a time, while writer and
                  --jit-quiet D           (250ms)      invalidator compiled more than this in the last 10 s
                  --sample-every N        (5) time every n-th write to its invalidation
                  --max-in-flight N       (128)
                  --poll-interval D       (1ms)   --lag-timeout D (5s)
                  --out-dir DIR           (build/bench)
                """;
    }

    public static LagOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            values.put(name, value);
        }
        if (!values.containsKey("ids-file")) {
            throw new IllegalArgumentException("--ids-file is required");
        }
        Duration warmup = duration(values.getOrDefault("warmup", "30s"));
        return new LagOptions(
                URI.create(values.getOrDefault("writer-url", "http://localhost:8081")),
                URI.create(values.getOrDefault("invalidator-url", "http://localhost:8082")),
                values.getOrDefault("api-key", "dev-writer-key"),
                Arrays.stream(values.getOrDefault("memcached", "localhost:11211,localhost:11212").split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList(),
                Path.of(values.get("ids-file")),
                Integer.parseInt(values.getOrDefault("rate", "500")),
                duration(values.getOrDefault("duration", "30s")),
                warmup,
                values.containsKey("warmup-max") ? duration(values.get("warmup-max")) : warmup,
                duration(values.getOrDefault("jit-quiet", "250ms")),
                Integer.parseInt(values.getOrDefault("sample-every", "5")),
                Integer.parseInt(values.getOrDefault("max-in-flight", "128")),
                duration(values.getOrDefault("poll-interval", "1ms")),
                duration(values.getOrDefault("lag-timeout", "5s")),
                Path.of(values.getOrDefault("out-dir", "build/bench")));
    }

    /** "30s", "500ms", "2m", "100us" or a bare number of seconds. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("us")) {
            return Duration.ofNanos(Long.parseLong(t.substring(0, t.length() - 2)) * 1000);
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }
}
