package names.invalidator.consistency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * has its batch's deletes acknowledged, the batch's changes are handed here, and after each window (1 s,
 * 10 s, 60 s) every key they deleted on that node is read again there (one multi-get per node for all the
 * changes due within {@code gather} of each other, so a window's check may come that much later) and judged
 * by {@link EntryJudge}. An entry older than the change is an
 * inconsistency: counted in its window, logged once per key and expected version, and repaired by an
 * acknowledged delete on that node.
 *
 * <p>Never in the invalidation's way: {@link #applied} only enqueues (no I/O, no waiting beyond a short
 * lock) on a bounded budget of pending checks; a batch that does not fit is shed and counted. The reads,
 * judgments and repairs run on this observer's own single thread, behind the consumers; when it is too
 * slow, pending checks pile up to the budget and the next batches are shed, never the invalidations. The
 * pending changes are kept in {@link PendingChecks}' columns rather than as objects, so a minute of them
 * costs the young collections nothing to copy.
 */
public final class InvalidationObserver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InvalidationObserver.class);
    /** Most changes one window looks at in one go (one multi-get per node): bounds the observer's lock time. */
    private static final int CHANGES_PER_CHECK = 512;
    /** Inconsistencies already logged (key and expected version), so that later windows do not log them again. */
    private static final int REPORTED_REMEMBERED = 4096;

    private final ConsistencyObserverProperties properties;
    private final ConsistencyLedger ledger;
    private final Clock clock;
    private final List<Duration> windows;
    private final List<String> windowTags;
    private final long gatherMillis;
    /**
     * The nodes batches were applied on, by index: PendingChecks keeps the index, not the objects. Added to
     * under lock (so that two consumers registering their nodes at once get distinct indexes); read by the
     * observer's thread without it.
     */
    private final List<AppliedOn> nodes = new CopyOnWriteArrayList<>();
    /** Guarded by lock. */
    private final Map<NodeDeleter, Integer> nodeIndexes = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    /** Guarded by lock. */
    private final PendingChecks pendingChecks;
    /** Guarded by lock: (change, window) checks taken and being made, still counted as pending. */
    private long checking;
    /** Guarded by lock: when the observer's thread wakes up by itself (Long.MAX_VALUE: only when signalled). */
    private long sleepingUntil = Long.MAX_VALUE;
    /** Observer thread only. */
    private final Map<String, Boolean> reported = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REPORTED_REMEMBERED;
        }
    };
    private final Thread thread;
    private volatile boolean closed;

    public InvalidationObserver(ConsistencyObserverProperties properties, ConsistencyLedger ledger, Clock clock) {
        this.properties = properties;
        this.ledger = ledger;
        this.clock = clock;
        this.windows = properties.windows();
        this.windowTags = windows.stream().map(ConsistencyObserverProperties::tag).toList();
        this.gatherMillis = properties.gather().toMillis();
        this.pendingChecks = new PendingChecks(windows.stream().mapToLong(Duration::toMillis).toArray(), 1024);
        this.thread = new Thread(this::run, "consistency-observer");
        thread.setDaemon(true);
        if (properties.enabled()) {
            thread.start();
        }
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** (change, window) checks waiting or being made. */
    public long pending() {
        lock.lock();
        try {
            return pendingChecks.queued() + checking;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A node's batch was applied: its deletes were acknowledged on {@code deleter}'s node. Cheap and never
     * blocking beyond a short lock; called on the consumer thread.
     */
    public void applied(NodeDeleter deleter, MemcachedNodes pool, List<NameChangeEvent> events) {
        if (!properties.enabled() || closed || events.isEmpty()) {
            return;
        }
        List<NameChangeEvent> sampled = sample(events);
        if (sampled.isEmpty()) {
            return;
        }
        long checks = (long) sampled.size() * windows.size();
        lock.lock();
        try {
            int node = nodeIndex(deleter, pool);
            if (pendingChecks.queued() + checking + checks > properties.queueCapacity()) {
                ledger.shed(checks);
                return;
            }
            // Never earlier than the last change kept, should the clock step back: each window takes changes in order.
            long appliedAt = Math.max(clock.millis(), pendingChecks.lastAppliedAt());
            for (NameChangeEvent event : sampled) {
                pendingChecks.add(node, appliedAt, event);
            }
            // Wake the observer only if it sleeps past this batch's first check (an empty queue, or only later
            // windows due): otherwise it would wake for nothing at every batch.
            if (appliedAt + windows.getFirst().toMillis() + gatherMillis < sleepingUntil) {
                added.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called holding lock. */
    private int nodeIndex(NodeDeleter deleter, MemcachedNodes pool) {
        return nodeIndexes.computeIfAbsent(deleter, key -> {
            nodes.add(new AppliedOn(deleter, pool));
            return nodes.size() - 1;
        });
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

    /** The observer's thread: sleeps until the next window's change is due, then checks what is due in it. */
    private void run() {
        while (!closed) {
            int window;
            List<PendingChecks.Due> due;
            lock.lock();
            try {
                long now = clock.millis();
                window = pendingChecks.nextWindow();
                // The first change due waits `gather` more, so that the ones falling due meanwhile come along.
                if (window < 0 || pendingChecks.dueAt(window) + gatherMillis > now) {
                    sleepingUntil = window < 0 ? Long.MAX_VALUE : pendingChecks.dueAt(window) + gatherMillis;
                    if (window < 0) {
                        added.await();
                    } else {
                        added.await(sleepingUntil - now, TimeUnit.MILLISECONDS);
                    }
                    sleepingUntil = Long.MAX_VALUE;
                    continue;
                }
                due = pendingChecks.take(window, now, CHANGES_PER_CHECK);
                checking = due.size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                check(due, window);
            } catch (RuntimeException e) {
                log.warn("consistency check in window {} failed: {}", windowTags.get(window), e.toString());
            } finally {
                lock.lock();
                try {
                    checking = 0;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Looks at the keys of the changes due in window {@code w}: one multi-get per node they were applied on. */
    private void check(List<PendingChecks.Due> due, int w) {
        Map<Integer, List<NameChangeEvent>> byNode = new LinkedHashMap<>();
        for (PendingChecks.Due change : due) {
            byNode.computeIfAbsent(change.node(), node -> new ArrayList<>()).add(change.event());
        }
        byNode.forEach((node, events) -> checkNow(nodes.get(node), events, windowTags.get(w)));
    }

    private void checkNow(AppliedOn target, List<NameChangeEvent> events, String window) {
        Map<String, Expectation> expected = target.expectations(events);
        if (expected.isEmpty()) {
            return;
        }
        long timeout = target.pool().settings().operationTimeout().toMillis();
        Map<String, String> values;
        try {
            values = target.deleter().node().client().get(expected.keySet(), timeout);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // The node does not answer: the invalidation path retries there; these checks are lost, and said so.
            ledger.shed(events.size());
            log.debug("consistency check on {} could not read: {}", target.deleter(), e.toString());
            return;
        }
        Instant now = clock.instant();
        for (Expectation expectation : expected.values()) {
            String value = values == null ? null : values.get(expectation.key());
            EntryJudge.Verdict verdict = expectation.isGeneration()
                    ? generationVerdict(target, expectation, value, timeout)
                    : EntryJudge.record(expectation, value);
            if (verdict != null) {
                repair(target, window, expectation, verdict, now);
            }
        }
        ledger.checked(window, expected.size());
    }

    private EntryJudge.Verdict generationVerdict(AppliedOn target, Expectation expected, String generation,
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
                page = target.pool().nodeFor(pageKey).client().get(pageKey, timeout);
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

    private void repair(AppliedOn target, String window, Expectation expected, EntryJudge.Verdict verdict,
            Instant now) {
        RepairResult result;
        try {
            // The same acknowledged delete as the invalidation's. Should a legitimate refill land between our
            // read and this delete, it costs one extra miss, nothing else.
            target.deleter().deleteAll(List.of(expected.key()));
            result = RepairResult.DELETED;
        } catch (InvalidationIncompleteException e) {
            result = RepairResult.FAILED;
        }
        Duration age = Duration.between(expected.committedAt(), now);
        ledger.inconsistent(new Inconsistency(now, ConsistencyLedger.INVALIDATION, window, verdict.kind(),
                expected.key(), target.deleter().node().name(), verdict.found(), verdict.expected(), age, result));
        if (reported.put(expected.key() + " " + verdict.expected(), Boolean.TRUE) == null) {
            log.warn("inconsistent cache entry {} on {} (pool {}) {} after its change was applied: found {}, expected"
                    + " {}; {} ms after the commit; repair: {}", expected.key(), target.deleter().node().name(),
                    target.deleter().pool(), window, verdict.found(), verdict.expected(), age.toMillis(),
                    result.tag());
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** A node batches were applied on, with its pool (whose ring says which keys are that node's). */
    private record AppliedOn(NodeDeleter deleter, MemcachedNodes pool) {

        /**
         * The keys of this node the changes deleted, with what each must reflect: computed when checked, not
         * kept, so that a minute of pending checks stays a few arrays (PendingChecks).
         */
        Map<String, Expectation> expectations(List<NameChangeEvent> events) {
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
