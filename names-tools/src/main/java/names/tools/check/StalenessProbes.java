package names.tools.check;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import names.tools.client.ApiClient;
import names.tools.report.HistogramReport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Measures the staleness window of sampled writes: from the writer's acknowledgement until the api (read
 * with no minVersion, like any client that did not write) stops serving an older state. Probes run beside
 * the workload, so the window includes the relay, Kafka, the invalidator and the next fill.
 */
final class StalenessProbes implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    private final ApiClient api;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentHistogram windowMicros = HistogramReport.newMicrosHistogram();
    private final LongAdder superseded = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** Per name: when its latest acknowledged delete happened, and the highest version acknowledged before it. */
    private final ConcurrentHashMap<String, Long> deleteAckedAt = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> highestAckedVersion = new ConcurrentHashMap<>();

    StalenessProbes(ApiClient api) {
        this.api = api;
    }

    /** Every acknowledged write reports here (sampled or not), so probes can tell "stale" from "superseded". */
    void acknowledged(String nconst, Long version, long ackNanos) {
        if (version == null) {
            deleteAckedAt.merge(nconst, ackNanos, Math::max);
        } else {
            highestAckedVersion.merge(nconst, version, Math::max);
        }
    }

    /** @param version the version written, or null for a delete */
    void probe(String nconst, Long version, long ackNanos) {
        long highestBeforeDelete = highestAckedVersion.getOrDefault(nconst, 0L);
        executor.execute(() -> {
            try {
                run(nconst, version, ackNanos, highestBeforeDelete);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failed.increment();
            }
        });
    }

    private void run(String nconst, Long version, long ackNanos, long highestBeforeDelete) throws Exception {
        long giveUpAt = ackNanos + GIVE_UP_AFTER.toNanos();
        while (true) {
            ApiClient.NameRead read = api.get(nconst);
            long now = System.nanoTime();
            boolean fresh;
            boolean overtaken;
            if (version != null) {
                fresh = read.found() && read.version() >= version;
                // 404 after a later delete is newer than our write, not stale.
                overtaken = read.status() == 404 && deleteAckedAt.getOrDefault(nconst, Long.MIN_VALUE) > ackNanos;
            } else {
                fresh = read.status() == 404;
                // A version above everything acknowledged before the delete is a later create.
                overtaken = read.found() && read.version() > highestBeforeDelete;
            }
            if (fresh) {
                windowMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - ackNanos)));
                return;
            }
            if (overtaken) {
                superseded.increment();
                return;
            }
            if (now > giveUpAt) {
                timedOut.increment();
                return;
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }

    ConcurrentHistogram windowMicros() {
        return windowMicros;
    }

    long superseded() {
        return superseded.sum();
    }

    long timedOut() {
        return timedOut.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** Lets running probes finish (each gives up after 30 s). */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(GIVE_UP_AFTER.toSeconds() + 10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
