package names.tools.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Watches every awaited sentinel with ONE thread: each poll is one multi-get per node covering the awaited
 * sentinels that node holds (every node, or only each key's owner: {@link SentinelNodes#watches}).
 * Polling per sample (a thread each, two gets every millisecond) cost the tool ~13 CPU-seconds per 25 s at
 * 200 writes/s on a 2-core machine shared with the stack, so the measurement perturbed the lag it measured.
 *
 * <p>A sample's clock stops at the reply of the node whose reply first shows the sentinel gone (absent or
 * replaced); nodes are asked in order and a node is asked only for the sentinels still awaited that it
 * holds, so the first node without it is the one credited. The poller only sets timestamps and completes
 * futures: recording and removing leftovers are the caller's business, off this thread.
 */
public final class SentinelPoller implements AutoCloseable {

    /** A sentinel to watch: {@code sentNanos}/{@code receivedNanos} are the write's request and reply times. */
    public record Sample(String key, String sentinel, long sentNanos, long receivedNanos) {
    }

    public sealed interface Outcome {
        Sample sample();
    }

    /** @param node first node whose reply lacked the sentinel; {@code seenNanos} is when that reply came */
    public record Gone(Sample sample, int node, long seenNanos, boolean atFirstLook) implements Outcome {
    }

    /** Still on every node {@code lagTimeout} after the write's reply; {@code lastLookNanos} ended the last poll. */
    public record TimedOut(Sample sample, long lastLookNanos) implements Outcome {
    }

    /** One multi-get on one node: the values found (absent keys are simply missing from the map). */
    @FunctionalInterface
    public interface NodeReader {
        Map<String, String> read(int node, Collection<String> keys) throws Exception;
    }

    /** Which nodes hold a sentinel: asked once per sample, when it is taken in. */
    @FunctionalInterface
    public interface Placement {
        boolean holds(int node, String key);

        Placement EVERY_NODE = (node, key) -> true;
    }

    /**
     * {@code firstPoll}: number of the first poll that looked at it (0 while not yet taken in);
     * {@code nodes}: bit i set if node i holds the sentinel.
     */
    private record Watch(Sample sample, CompletableFuture<Outcome> result, long deadlineNanos, long firstPoll,
            long nodes) {
        Watch lookedAtFrom(long poll) {
            return new Watch(sample, result, deadlineNanos, poll, nodes);
        }

        boolean on(int node) {
            return (nodes & (1L << node)) != 0;
        }
    }

    private final int nodeCount;
    private final NodeReader reader;
    private final Placement placement;
    private final long pollIntervalNanos;
    private final long lagTimeoutNanos;
    private final LongSupplier clock;
    private final LinkedBlockingQueue<Watch> incoming = new LinkedBlockingQueue<>();
    /** Owned by the polling thread (or the test calling {@link #pollOnce()}). */
    private final List<Watch> awaited = new ArrayList<>();
    private final LongAdder readErrors = new LongAdder();
    private long polls;
    private Thread thread;

    SentinelPoller(int nodeCount, NodeReader reader, Placement placement, Duration pollInterval,
            Duration lagTimeout, LongSupplier clock) {
        if (nodeCount > Long.SIZE) {
            throw new IllegalArgumentException("at most " + Long.SIZE + " nodes, got " + nodeCount);
        }
        this.nodeCount = nodeCount;
        this.reader = reader;
        this.placement = placement;
        this.pollIntervalNanos = pollInterval.toNanos();
        this.lagTimeoutNanos = lagTimeout.toNanos();
        this.clock = clock;
    }

    /** Starts the polling thread over {@code nodes}. */
    public static SentinelPoller start(SentinelNodes nodes, Duration pollInterval, Duration lagTimeout) {
        SentinelPoller poller = new SentinelPoller(nodes.size(), nodes::getAll, nodes::watches, pollInterval,
                lagTimeout, System::nanoTime);
        poller.thread = Thread.ofPlatform().name("sentinel-poller").daemon().start(poller::run);
        return poller;
    }

    /** Returns at once; the future completes on the poll that sees the sentinel gone, or at the timeout. */
    public CompletableFuture<Outcome> watch(Sample sample) {
        long on = 0;
        for (int node = 0; node < nodeCount; node++) {
            if (placement.holds(node, sample.key())) {
                on |= 1L << node;
            }
        }
        Watch watch = new Watch(sample, new CompletableFuture<>(), sample.receivedNanos() + lagTimeoutNanos, 0, on);
        incoming.add(watch);
        return watch.result();
    }

    /** Multi-gets that failed (node skipped for that poll; its samples are looked at again next time). */
    public long readErrors() {
        return readErrors.sum();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (awaited.isEmpty()) {
                    awaited.add(incoming.take().lookedAtFrom(polls + 1)); // nothing to watch: sleep till there is
                }
                pollOnce();
                if (!awaited.isEmpty()) {
                    LockSupport.parkNanos(pollIntervalNanos);
                }
            }
        } catch (InterruptedException e) {
            // close()
        } finally {
            incoming.drainTo(awaited);
            awaited.forEach(w -> w.result().completeExceptionally(new CancellationException("poller closed")));
        }
    }

    /** One poll: takes in newly watched samples, asks each node once, completes what is gone or timed out. */
    void pollOnce() throws InterruptedException {
        long poll = ++polls;
        for (Watch w = incoming.poll(); w != null; w = incoming.poll()) {
            awaited.add(w.lookedAtFrom(poll));
        }
        long now = clock.getAsLong();
        for (int node = 0; node < nodeCount && !awaited.isEmpty(); node++) {
            int n = node;
            Set<String> keys = new LinkedHashSet<>();
            awaited.forEach(w -> {
                if (w.on(n)) {
                    keys.add(w.sample().key());
                }
            });
            if (keys.isEmpty()) {
                continue;
            }
            Map<String, String> values;
            try {
                values = reader.read(node, keys);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                readErrors.increment();
                continue;
            }
            now = clock.getAsLong();
            long repliedAt = now;
            awaited.removeIf(w -> {
                if (!w.on(n) || w.sample().sentinel().equals(values.get(w.sample().key()))) {
                    return false;
                }
                w.result().complete(new Gone(w.sample(), n, repliedAt, w.firstPoll() == poll));
                return true;
            });
        }
        long lastLook = now;
        awaited.removeIf(w -> {
            boolean expired = lastLook - w.deadlineNanos() > 0;
            if (expired) {
                w.result().complete(new TimedOut(w.sample(), lastLook));
            }
            return expired;
        });
    }

    @Override
    public void close() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
