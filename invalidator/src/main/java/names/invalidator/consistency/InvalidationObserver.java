package names.invalidator.consistency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import names.contract.cache.CacheKeys;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeType;
import names.invalidator.cache.InvalidationIncompleteException;
import names.invalidator.cache.NodeDeleter;
import names.memcached.MemcachedNodes;
import names.memcached.consistency.ConsistencyLedger;
import names.memcached.consistency.Inconsistency;
import names.memcached.consistency.RepairResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks applied invalidations against the caches, after delays (Meta's Polaris): once a node's consumer
 * has its batch's deletes acknowledged, the batch is handed here, and after each window (1 s, 10 s, 60 s)
 * every key the batch deleted on that node is read again there (one multi-get) and judged by
 * {@link EntryJudge}. An entry older than the change is an inconsistency: counted in its window, logged
 * once per key and batch, and repaired by an acknowledged delete on that node.
 *
 * <p>Never in the invalidation's way: {@link #applied} only enqueues (no I/O, no waiting) on a bounded
 * budget of pending checks; a batch that does not fit is shed and counted. The reads, judgments and
 * repairs run on this observer's own single thread, behind the consumers; when it is too slow, pending
 * checks pile up to the budget and the next batches are shed, never the invalidations.
 */
public final class InvalidationObserver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InvalidationObserver.class);

    private final ConsistencyObserverProperties properties;
    private final ConsistencyLedger ledger;
    private final Clock clock;
    private final List<Duration> windows;
    private final List<String> windowTags;
    /** (event, window) checks queued and not yet made, bounded by queueCapacity. */
    private final AtomicLong pending = new AtomicLong();
    private final ScheduledThreadPoolExecutor scheduler;

    public InvalidationObserver(ConsistencyObserverProperties properties, ConsistencyLedger ledger, Clock clock) {
        this.properties = properties;
        this.ledger = ledger;
        this.clock = clock;
        this.windows = properties.windows();
        this.windowTags = windows.stream().map(ConsistencyObserverProperties::tag).toList();
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "consistency-observer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** (event, window) checks waiting. */
    public long pending() {
        return pending.get();
    }

    /**
     * A node's batch was applied: its deletes were acknowledged on {@code deleter}'s node. Cheap and never
     * blocking; called on the consumer thread.
     */
    public void applied(NodeDeleter deleter, MemcachedNodes pool, List<NameChangeEvent> events) {
        if (!properties.enabled() || events.isEmpty()) {
            return;
        }
        List<NameChangeEvent> sampled = sample(events);
        if (sampled.isEmpty()) {
            return;
        }
        long checks = (long) sampled.size() * windows.size();
        if (pending.addAndGet(checks) > properties.queueCapacity()) {
            pending.addAndGet(-checks);
            ledger.shed(checks);
            return;
        }
        AppliedBatch batch = new AppliedBatch(deleter, pool, sampled, clock.instant());
        try {
            scheduler.schedule(() -> check(batch, 0), windows.getFirst().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) { // closed
            pending.addAndGet(-checks);
        }
    }

    private List<NameChangeEvent> sample(List<NameChangeEvent> events) {
        double rate = properties.sampleRate();
        if (rate >= 1.0) {
            return events;
        }
        List<NameChangeEvent> sampled = new ArrayList<>();
        for (NameChangeEvent event : events) {
            if (ThreadLocalRandom.current().nextDouble() < rate) {
                sampled.add(event);
            }
        }
        return sampled;
    }

    /** Looks at the batch's keys in window {@code w}, then schedules the next window. */
    private void check(AppliedBatch batch, int w) {
        try {
            checkNow(batch, windowTags.get(w));
        } catch (RuntimeException e) {
            log.warn("consistency check of a batch on {} failed: {}", batch.deleter, e.toString());
        } finally {
            pending.addAndGet(-batch.events.size());
        }
        if (w + 1 < windows.size()) {
            Duration due = Duration.between(clock.instant(), batch.appliedAt.plus(windows.get(w + 1)));
            try {
                scheduler.schedule(() -> check(batch, w + 1), Math.max(0, due.toNanos()), TimeUnit.NANOSECONDS);
            } catch (RuntimeException rejected) { // closed
                pending.addAndGet(-(long) batch.events.size() * (windows.size() - w - 1));
            }
        }
    }

    private void checkNow(AppliedBatch batch, String window) {
        Map<String, Expectation> expected = batch.expectations();
        if (expected.isEmpty()) {
            return;
        }
        long timeout = batch.pool.settings().operationTimeout().toMillis();
        Map<String, String> values;
        try {
            values = batch.deleter.node().client().get(expected.keySet(), timeout);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // The node does not answer: the invalidation path retries there; these checks are lost, and said so.
            ledger.shed(batch.events.size());
            log.debug("consistency check on {} could not read: {}", batch.deleter, e.toString());
            return;
        }
        Instant now = clock.instant();
        for (Expectation expectation : expected.values()) {
            String value = values == null ? null : values.get(expectation.key());
            EntryJudge.Verdict verdict = expectation.isGeneration()
                    ? generationVerdict(batch, expectation, value, timeout)
                    : EntryJudge.record(expectation, value);
            if (verdict != null) {
                repair(batch, window, expectation, verdict, now);
            }
        }
        ledger.checked(window, expected.size());
    }

    private EntryJudge.Verdict generationVerdict(AppliedBatch batch, Expectation expected, String generation,
            long timeout) {
        if (generation == null) {
            return null;
        }
        for (int limit : properties.firstPageLimits()) {
            String pageKey;
            try {
                pageKey = CacheKeys.birthYearPage(expected.birthYear(), generation, null, limit);
            } catch (IllegalArgumentException notAGeneration) {
                return null;
            }
            String page;
            try {
                page = batch.pool.nodeFor(pageKey).client().get(pageKey, timeout);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                continue;
            }
            EntryJudge.Verdict verdict = EntryJudge.generation(expected, generation, pageKey, page);
            if (verdict != null) {
                return verdict;
            }
        }
        return null;
    }

    private void repair(AppliedBatch batch, String window, Expectation expected, EntryJudge.Verdict verdict,
            Instant now) {
        RepairResult result;
        try {
            // The same acknowledged delete as the invalidation's. Should a legitimate refill land between our
            // read and this delete, it costs one extra miss, nothing else.
            batch.deleter.deleteAll(List.of(expected.key()));
            result = RepairResult.DELETED;
        } catch (InvalidationIncompleteException e) {
            result = RepairResult.FAILED;
        }
        Duration age = Duration.between(expected.committedAt(), now);
        ledger.inconsistent(new Inconsistency(now, ConsistencyLedger.INVALIDATION, window, verdict.kind(),
                expected.key(), batch.deleter.node().name(), verdict.found(), verdict.expected(), age, result));
        if (batch.reported.add(expected.key())) {
            log.warn("inconsistent cache entry {} on {} (pool {}) {} after its change was applied: found {}, expected"
                    + " {}; {} ms after the commit; repair: {}", expected.key(), batch.deleter.node().name(),
                    batch.deleter.pool(), window, verdict.found(), verdict.expected(), age.toMillis(),
                    result.tag());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** One node's applied batch, as the observer keeps it across its windows (observer thread only). */
    private static final class AppliedBatch {

        final NodeDeleter deleter;
        final MemcachedNodes pool;
        final List<NameChangeEvent> events;
        final Instant appliedAt;
        /** Keys already logged: one WARN per key and batch, however many windows find it. */
        final Set<String> reported = new HashSet<>();

        AppliedBatch(NodeDeleter deleter, MemcachedNodes pool, List<NameChangeEvent> events, Instant appliedAt) {
            this.deleter = deleter;
            this.pool = pool;
            this.events = events;
            this.appliedAt = appliedAt;
        }

        /**
         * The keys of this node the batch deleted, with what each must reflect. Computed again for each window
         * rather than kept: a batch waits a minute for its last window, and at 500 writes/s a minute of kept
         * key maps was most of the ~18 MB the invalidator's young collections copied every few seconds
         * (35-145 ms pauses, in the invalidation lag's tail).
         */
        Map<String, Expectation> expectations() {
            String node = deleter.node().name();
            Map<String, Expectation> byKey = new LinkedHashMap<>();
            for (NameChangeEvent event : events) {
                boolean deleted = event.type() == NameChangeType.DELETED;
                String recordKey = CacheKeys.name(event.nconst());
                // The contract's key set, exactly what the invalidation deleted.
                for (String key : CacheKeys.affectedBy(event)) {
                    if (!pool.ring().nodeFor(key).equals(node)) {
                        continue;
                    }
                    Integer year = key.equals(recordKey) ? null
                            : event.oldBirthYear() != null && key.equals(CacheKeys.birthYearGeneration(event.oldBirthYear()))
                                    ? event.oldBirthYear() : event.newBirthYear();
                    byKey.merge(key, new Expectation(key, event.version(), deleted && year == null,
                            event.committedAt(), year), Expectation::and);
                }
            }
            return byKey;
        }
    }
}
