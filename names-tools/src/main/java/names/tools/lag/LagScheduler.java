package names.tools.lag;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import names.contract.cache.CacheKeys;
import names.tools.lag.SentinelPoller.Sample;

/**
 * Issues the benchmark's writes on a fixed schedule (open loop: a slow reply does not slow the schedule
 * down, up to {@code --max-in-flight}) and hands every sampled one to the {@link SentinelPoller}.
 *
 * <p>Writes are merge-patches of primaryName on existing names, so every one is a real change and produces
 * an event. Before a sampled write a lease-shaped sentinel ("L:...") is put under the name's record key on
 * every node: had a reader met it, it would have waited and read PostgreSQL, never served it.
 */
final class LagScheduler implements AutoCloseable {

    /** @param cpuNanos this process's CPU time from start to end; {@code readErrors}: failed poller multi-gets */
    record Phase(long issued, long slipped, long startNanos, long lastIssueNanos, long endNanos,
            long cpuNanos, long readErrors) {
    }

    private static final ThreadFactory WRITE_THREADS = Thread.ofPlatform().name("write-", 0).daemon().factory();

    private final LagOptions options;
    private final List<String> ids;
    private final KeepAliveHttpClient writer;
    private final Map<String, String> patchHeaders;
    private final SentinelNodes nodes;
    private final SentinelPoller poller;
    private final LagRecorder recorder;
    /** Records a finished sample and removes its leftovers, off the poller's thread. */
    private final ExecutorService afterSample = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("sample-done-", 0).daemon().factory());
    private final Queue<CompletableFuture<?>> samplesAwaited = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> writesInFlight = new ConcurrentHashMap<>();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    LagScheduler(LagOptions options, List<String> ids, KeepAliveHttpClient writer, SentinelNodes nodes,
            SentinelPoller poller, LagRecorder recorder) {
        this.options = options;
        this.ids = ids;
        this.writer = writer;
        this.patchHeaders = Map.of("X-API-Key", options.apiKey(), "Content-Type", "application/merge-patch+json");
        this.nodes = nodes;
        this.poller = poller;
        this.recorder = recorder;
    }

    /**
     * Issues {@code writes} writes on the fixed schedule and returns when every one (and its sample) finished.
     *
     * @param firstSeq sequence number of the first write: phases continue the sequence, so no sentinel repeats
     * @param record whether the figures count (the measured phase) or not (warm-up)
     */
    Phase run(int firstSeq, int writes, boolean record) throws InterruptedException {
        long period = TimeUnit.SECONDS.toNanos(1) / options.rate();
        Semaphore permits = new Semaphore(options.maxInFlight());
        long slipped = 0;
        long cpuStart = processCpuNanos();
        long readErrorsStart = poller.readErrors();
        long start = System.nanoTime();
        if (record) {
            recorder.measuringFrom(start);
        }
        long lastIssue = start;
        // Platform threads, not virtual ones: a virtual thread's blocking socket read parks it and goes through
        // the JDK's poller threads and the carrier pool, which spin and hand off on every reply. At 500 writes/s
        // that cost the tool 0.14-0.17 of the two cores it shares with the stack, against 0.08 here.
        try (ExecutorService tasks = Executors.newCachedThreadPool(WRITE_THREADS)) {
            for (int i = 0; i < writes; i++) {
                long due = start + i * period;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!permits.tryAcquire()) {
                    slipped++;
                    permits.acquire();
                }
                int seq = firstSeq + i;
                String nconst = ids.get(seq % ids.size());
                // Sample only if no earlier write to this name is still in flight: its invalidation could
                // remove our sentinel and make the lag look shorter than it is.
                boolean firstInFlight = writesInFlight.merge(nconst, 1, Integer::sum) == 1;
                boolean sample = seq % options.sampleEvery() == 0;
                if (sample && !firstInFlight) {
                    recorder.skippedBusy();
                    sample = false;
                }
                boolean sampled = sample;
                lastIssue = System.nanoTime();
                tasks.submit(() -> write(seq, nconst, sampled, record, permits));
            }
        }
        // Every write has returned, so every sample has been handed to the poller: wait for them too.
        CompletableFuture.allOf(samplesAwaited.toArray(CompletableFuture[]::new)).join();
        samplesAwaited.clear();
        return new Phase(writes, slipped, start, lastIssue, System.nanoTime(), processCpuNanos() - cpuStart,
                poller.readErrors() - readErrorsStart);
    }

    /** CPU time of this whole process, all threads (HotSpot's extension of the platform MXBean). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void write(int seq, String nconst, boolean sample, boolean record, Semaphore permits) {
        String key = CacheKeys.name(nconst);
        String sentinel = "L:bench-" + runId + "-" + seq;
        boolean permitHeld = true;
        boolean nameHeld = true;
        try {
            if (sample) {
                try {
                    nodes.place(key, sentinel);
                } catch (Exception e) {
                    recorder.sentinelError();
                    sample = false;
                }
            }
            byte[] patch = ("{\"primaryName\":\"Bench " + runId + " " + seq + "\"}").getBytes(StandardCharsets.UTF_8);
            long sent = System.nanoTime();
            int status;
            try {
                status = writer.send("PATCH", "/names/" + nconst, patchHeaders, patch);
            } catch (IOException e) {
                status = -1;
                recorder.failure(e.getClass().getSimpleName());
            }
            long received = System.nanoTime();
            recorder.replied(sent, received, record);
            permits.release();
            permitHeld = false;
            if (status != 200) {
                if (status != -1) {
                    recorder.failure("HTTP " + status);
                }
                if (sample) {
                    nodes.removeLeftovers(key, sentinel);
                }
                return;
            }
            recorder.succeeded();
            if (sample) {
                watchSentinel(nconst, new Sample(key, sentinel, sent, received), record);
                nameHeld = false; // until the sample is done
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            recorder.failure(e.getClass().getSimpleName());
        } finally {
            if (permitHeld) {
                permits.release();
            }
            if (nameHeld) {
                releaseName(nconst);
            }
        }
    }

    private void releaseName(String nconst) {
        writesInFlight.computeIfPresent(nconst, (k, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Hands the sample to the poller and returns at once. The name counts as in flight until the sample is
     * recorded and its leftovers are removed, so no later sample on it can race with that removal.
     */
    private void watchSentinel(String nconst, Sample sample, boolean record) {
        samplesAwaited.add(poller.watch(sample).handleAsync((outcome, error) -> {
            try {
                if (error != null) {
                    recorder.failure(error.getClass().getSimpleName());
                } else if (record) {
                    recorder.record(outcome);
                }
                nodes.removeLeftovers(sample.key(), sample.sentinel());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                recorder.failure(e.getClass().getSimpleName());
            } finally {
                releaseName(nconst);
            }
            return null;
        }, afterSample));
    }

    @Override
    public void close() {
        afterSample.close();
    }
}
