package names.tools.lag;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import names.tools.lag.SentinelPoller.Gone;
import names.tools.lag.SentinelPoller.Outcome;
import names.tools.lag.SentinelPoller.Sample;
import names.tools.lag.SentinelPoller.TimedOut;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * What the lag benchmark measured in the current phase: write latency, the lag of every sample (from the
 * writer's reply: a lower bound; from the request: an upper bound), and the counters the report explains
 * them with. Thread-safe: writes and samples finish on many threads. Histograms record nanoseconds.
 */
final class LagRecorder {

    static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final long lagTimeoutNanos;
    private final Histogram writeLatency = new SynchronizedHistogram(HIGHEST_NANOS, 3);
    private final Histogram lagFromResponse = new SynchronizedHistogram(HIGHEST_NANOS, 3);
    private final Histogram lagFromSend = new SynchronizedHistogram(HIGHEST_NANOS, 3);
    private final LongAdder ok = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder samplesSkippedBusy = new LongAdder();
    private final LongAdder sentinelErrors = new LongAdder();
    private final LongAdder alreadyGone = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final AtomicLongArray deletedOn;
    private final AtomicLong lastResponseNanos = new AtomicLong();
    /** Every measured sample, for lag-samples.csv: whether the tail is spread out or comes in bursts. */
    private final Queue<String> sampleRows = new ConcurrentLinkedQueue<>();
    private volatile long measuredStartNanos;
    private volatile Instant measuredStart;

    LagRecorder(int nodes, long lagTimeoutNanos) {
        this.deletedOn = new AtomicLongArray(nodes);
        this.lagTimeoutNanos = lagTimeoutNanos;
    }

    /** Zeroes every figure: what the report shows is the measured phase alone. */
    void reset() {
        writeLatency.reset();
        lagFromResponse.reset();
        lagFromSend.reset();
        ok.reset();
        failures.clear();
        samplesSkippedBusy.reset();
        sentinelErrors.reset();
        alreadyGone.reset();
        timeouts.reset();
        for (int i = 0; i < deletedOn.length(); i++) {
            deletedOn.set(i, 0);
        }
    }

    void measuringFrom(long startNanos) {
        measuredStartNanos = startNanos;
        measuredStart = Instant.now();
    }

    void failure(String kind) {
        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void skippedBusy() {
        samplesSkippedBusy.increment();
    }

    void sentinelError() {
        sentinelErrors.increment();
    }

    /** A write's reply arrived (whatever its status); {@code record}: inside the measured phase. */
    void replied(long sentNanos, long receivedNanos, boolean record) {
        lastResponseNanos.accumulateAndGet(receivedNanos, Math::max);
        if (record) {
            writeLatency.recordValue(Math.min(receivedNanos - sentNanos, HIGHEST_NANOS));
        }
    }

    void succeeded() {
        ok.increment();
    }

    void record(Outcome outcome) {
        Sample sample = outcome.sample();
        switch (outcome) {
            case Gone gone -> {
                sampleRows.add(sampleRow(sample, gone.seenNanos(), "gone"));
                lagFromResponse.recordValue(Math.min(gone.seenNanos() - sample.receivedNanos(), HIGHEST_NANOS));
                lagFromSend.recordValue(Math.min(gone.seenNanos() - sample.sentNanos(), HIGHEST_NANOS));
                deletedOn.incrementAndGet(gone.node());
                if (gone.atFirstLook()) {
                    alreadyGone.increment();
                }
            }
            case TimedOut timedOut -> {
                // Recorded at the timeout so a lost invalidation shows up in p99/max instead of vanishing.
                timeouts.increment();
                sampleRows.add(sampleRow(sample, timedOut.lastLookNanos(), "timeout"));
                lagFromResponse.recordValue(lagTimeoutNanos);
                lagFromSend.recordValue(Math.min(timedOut.lastLookNanos() - sample.sentNanos(), HIGHEST_NANOS));
            }
        }
    }

    /** Times in ms: sent and reply relative to the start of the measured phase, lag from the reply. */
    private String sampleRow(Sample sample, long seenNanos, String outcome) {
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s", (sample.sentNanos() - measuredStartNanos) / 1e6,
                (sample.receivedNanos() - measuredStartNanos) / 1e6, (seenNanos - sample.receivedNanos()) / 1e6, outcome);
    }

    /** lag-samples.csv, header included. */
    List<String> csv() {
        return Stream.concat(Stream.of("sent_ms,reply_ms,lag_from_reply_ms,outcome"), sampleRows.stream()).toList();
    }

    Histogram writeLatency() {
        return writeLatency;
    }

    Histogram lagFromResponse() {
        return lagFromResponse;
    }

    Histogram lagFromSend() {
        return lagFromSend;
    }

    long ok() {
        return ok.sum();
    }

    long failed() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Failures by kind, sorted, e.g. {@code {HTTP 503=2}}; empty when none. */
    Map<String, Long> failuresByKind() {
        Map<String, Long> sorted = new TreeMap<>();
        failures.forEach((kind, count) -> sorted.put(kind, count.sum()));
        return sorted;
    }

    long samplesSkippedBusy() {
        return samplesSkippedBusy.sum();
    }

    long sentinelErrors() {
        return sentinelErrors.sum();
    }

    long alreadyGone() {
        return alreadyGone.sum();
    }

    long timeouts() {
        return timeouts.sum();
    }

    /** Samples whose sentinel was first seen gone on node {@code node}. */
    long deletedOn(int node) {
        return deletedOn.get(node);
    }

    long lastResponseNanos() {
        return lastResponseNanos.get();
    }

    Instant measuredStart() {
        return measuredStart;
    }
}
