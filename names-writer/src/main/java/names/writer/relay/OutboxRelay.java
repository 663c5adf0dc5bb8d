package names.writer.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import names.writer.name.NameChangeCommitted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Publishes the change log to Kafka, oldest first, at least once.
 *
 * <p>Each cycle is one transaction: take the relay lock, read the publication position and the oldest
 * pending rows, send them, wait for the acknowledgements, and move the position past the acknowledged
 * prefix only ({@link PublicationPosition}: one row per cycle instead of a mark per published row). A failed
 * send leaves its row and every later row pending, and the retry sends them again, oldest first.
 *
 * <p>At least once, NOT in order: a send reported as failed (a timeout) may have been written anyway,
 * and so may the records sent after it, so after a retry a key's events can read v1 v2 v1 v2 v3. The
 * same happens on failover: the standby re-sends what the old active relay had sent but not marked, and
 * the old relay, when it resumes, may still send its batch after newer events (then fails to mark it: its
 * session and lock are gone). Consumers must not depend on order (a cache delete does not), or must keep
 * the highest version; duplicates carry the same event id.
 *
 * <p>Wake-ups: this writer's own commits wake it in the process ({@link #ownChangeCommitted}); its sessions
 * do not NOTIFY. Everyone else's changes (direct SQL, the bulk import, other writer instances) wake it by
 * NOTIFY, and a timed poll and the heartbeat cycles find whatever a lost wake-up left.
 *
 * <p>Failover: one writer instance relays at a time (the advisory lock); the others stand by and try the
 * lock on every wake-up. A writer whose own commit finds the lock taken passes the wake-up on with a
 * NOTIFY, so that the instance holding the lock runs one more cycle for it. A relay that stops answering
 * inside its transaction (paused, cut off) holds the lock until PostgreSQL ends its session, after
 * {@code idle-in-transaction-timeout}; a standby then takes over on its next wake-up or poll (at most
 * {@code max-idle-poll} later).
 */
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxStore store;
    private final OutboxPublisher publisher;
    private final TransactionTemplate transactions;
    private final RelayProperties properties;
    private final RelayMetrics metrics;
    private final ChangeNotificationListener listener;
    /** Capacity one: any number of notifications during a cycle fold into one more cycle. */
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    /** A commit of this writer is waiting for a cycle; a standby cycle then notifies the lock's holder. */
    private final AtomicBoolean ownCommitPending = new AtomicBoolean();
    /** After failed cycles: minBackoff, doubling up to maxBackoff, for as long as the failures last. */
    private final BackOff failureBackOff;
    /** While polls find nothing: pollInterval, doubling up to maxIdlePoll. */
    private final BackOff idleBackOff;
    private final HeartbeatSchedule heartbeats;

    private volatile boolean running;
    private volatile RelayState state = RelayState.STOPPED;
    private volatile String lastFailure;
    private volatile Instant lastPublishedAt;
    private Thread thread;
    private boolean inOutage;
    private long failedCycles;
    private long statsRefreshedAt;
    private Instant nextPurge = Instant.now();

    OutboxRelay(OutboxStore store, OutboxPublisher publisher, TransactionTemplate transactions,
            RelayProperties properties, RelayMetrics metrics, ChangeNotificationListener listener) {
        this.store = store;
        this.publisher = publisher;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
        this.listener = listener;
        this.failureBackOff = doubling(properties.minBackoff(), properties.maxBackoff());
        this.idleBackOff = doubling(properties.pollInterval(), properties.maxIdlePoll());
        this.heartbeats = new HeartbeatSchedule(properties.heartbeatInterval(), System::nanoTime);
    }

    private static BackOff doubling(Duration initial, Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2);
        backOff.setMaxInterval(max.toMillis());
        // Never stop: the relay retries until it can publish again, however long that takes.
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    enum RelayState { STOPPED, IDLE, STANDBY, BACKING_OFF }

    void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    /**
     * After each of this writer's writes commits (they do not NOTIFY, schema V5). A write made of a single
     * statement runs outside a Spring transaction, its statement committed when it returned: the fallback
     * delivers those at once.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void ownChangeCommitted(NameChangeCommitted committed) {
        ownCommitPending.set(true);
        wake();
    }

    RelayState state() {
        return state;
    }

    String lastFailure() {
        return lastFailure;
    }

    Instant lastPublishedAt() {
        return lastPublishedAt;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        state = RelayState.IDLE;
        thread = Thread.ofPlatform().daemon().name("outbox-relay").start(this::run);
        listener.start(this::wake);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            listener.stop();
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close();
            state = RelayState.STOPPED;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts before and stops after the web server (whose phases are DEFAULT_PHASE - 1024 and - 2048):
     * writes accepted during graceful shutdown are still relayed by this instance.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void run() {
        BackOffExecution failures = null;
        BackOffExecution idle = idleBackOff.start();
        while (running) {
            try {
                long fetched = drain();
                refreshStatsIfDue();
                if (fetched >= 0) {
                    recovered();
                    failures = null;
                    purgeIfDue();
                    // A commit's notification wakes the relay at once; this timed poll is only the safety
                    // net for a lost one, so it backs off while it finds nothing. Each poll walks the pending
                    // index, including every row of a transaction still in progress: during a million-row
                    // import that is about half a second of PostgreSQL CPU per poll.
                    if (fetched > 0) {
                        idle = idleBackOff.start();
                    }
                    long wait = idle.nextBackOff();
                    if (properties.heartbeatsEnabled()) {
                        // Heartbeats are due even when nothing happens: readers' watermarks depend on them.
                        wait = Math.min(wait, Math.max(heartbeats.untilDueMillis(),
                                properties.heartbeatInterval().toMillis()));
                    }
                    wakeups.poll(wait, TimeUnit.MILLISECONDS);
                    continue;
                }
            } catch (InterruptedException | RelayInterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database is unreachable (or the transaction failed, e.g. PostgreSQL ended this
                // relay's session after it was paused): same treatment as Kafka.
                failed(e);
            }
            // The cycle failed (Kafka) or threw (database): back off, longer while the failures last.
            if (failures == null) {
                failures = failureBackOff.start();
            }
            state = RelayState.BACKING_OFF;
            try {
                Thread.sleep(failures.nextBackOff());
            } catch (InterruptedException interrupted) {
                return;
            }
        }
    }

    /**
     * Publishes until a cycle finds less than a full batch.
     *
     * @return how many pending rows the cycles found (0 also on standby), or -1 if a cycle failed to publish
     */
    private long drain() {
        long fetched = 0;
        while (running) {
            CycleOutcome outcome = cycle();
            if (outcome.standby()) {
                state = RelayState.STANDBY;
                return fetched;
            }
            state = RelayState.IDLE;
            if (outcome.failure() != null) {
                failed(outcome.failure());
                return -1;
            }
            fetched += outcome.fetched();
            if (outcome.fetched() < properties.batchSize()) {
                return fetched;
            }
        }
        return fetched;
    }

    /**
     * One relay cycle in one transaction; package-private for tests.
     *
     * <p>Heartbeat rule. T is the database clock read by the lock statement, BEFORE the statement that
     * selects pending rows. In READ COMMITTED that SELECT takes its snapshot after T, so it sees every
     * transaction whose commit was visible before T. If it returned every pending row (fewer than a batch)
     * and Kafka acknowledged all of them, every commit before T is on its partition: published by this
     * cycle or an earlier acknowledged one. Only then does T go out as a heartbeat to every partition.
     * Change-log ids do not order commits: a transaction that took its id before another but commits after
     * it is invisible to this SELECT while the later one is published; it commits after the SELECT's
     * snapshot, hence after T, so this cycle's heartbeat does not claim it, and the cycle that publishes it
     * reads a later T. (Reading T after the SELECT would be wrong: such a transaction could commit in between.)
     */
    CycleOutcome cycle() {
        return transactions.execute(status -> {
            // Taken before the lock is tried: a commit after this point wakes another cycle anyway.
            boolean ownCommit = ownCommitPending.getAndSet(false);
            OutboxStore.RelayLock lock = store.tryRelayLock(properties.idleInTransactionTimeout());
            if (!lock.held()) {
                if (ownCommit) {
                    // Delivered at this transaction's commit, after our writes' commits: the holder's next
                    // cycle sees them. Only for our own commits, or two standbys would wake each other forever.
                    store.notifyRelays();
                }
                return CycleOutcome.STANDBY;
            }
            long scanStart = System.nanoTime();
            OutboxStore.PendingBatch batch = store.pending(properties.batchSize());
            heartbeats.scanned(System.nanoTime() - scanStart);
            List<PendingChange> pending = batch.changes();
            int acknowledged = 0;
            Exception failure = null;
            if (!pending.isEmpty()) {
                OutboxPublisher.Publication publication;
                try {
                    publication = publisher.publish(pending);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RelayInterruptedException();
                }
                acknowledged = publication.acknowledged();
                failure = publication.failure();
            }
            boolean sawAll = failure == null && acknowledged == pending.size()
                    && batch.read().size() < properties.batchSize();
            PublicationPosition next = batch.position().after(pending.stream().map(PendingChange::id).toList(),
                    acknowledged, examinedThrough(batch, acknowledged, failure, sawAll), batch.snapshot());
            if (!next.equals(batch.position())) {
                // Fails if PostgreSQL ended this session while we were away (paused longer than the idle
                // timeout): the position stays where it was for the relay that holds the lock now, so our
                // batch was sent twice, and ours may have landed after its newer events.
                store.savePosition(next);
            }
            if (acknowledged > 0) {
                metrics.published(acknowledged);
                lastPublishedAt = Instant.now();
            }
            if (sawAll && properties.heartbeatsEnabled() && heartbeats.due()) {
                failure = sendHeartbeats(lock.databaseTime());
            }
            return new CycleOutcome(false, batch.read().size(), acknowledged, failure);
        });
    }

    /**
     * Up to which id this cycle saw every pending row its snapshot could see and had each one acknowledged
     * (see {@link PublicationPosition#after}).
     */
    private static long examinedThrough(OutboxStore.PendingBatch batch, int acknowledged, Exception failure,
            boolean sawAll) {
        if (sawAll) {
            return Long.MAX_VALUE;
        }
        if (failure == null && acknowledged == batch.changes().size()) {
            return batch.read().getLast().id();
        }
        return acknowledged == 0 ? Long.MIN_VALUE : batch.changes().get(acknowledged - 1).id();
    }

    private Exception sendHeartbeats(Instant closedAt) {
        Exception failure;
        try {
            failure = publisher.heartbeat(closedAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayInterruptedException();
        }
        if (failure == null) {
            heartbeats.sent();
            metrics.heartbeat(heartbeats.intervalNanos());
        }
        return failure;
    }

    /** Deletes published rows past the retention, in bounded batches; returns how many. */
    int purge() {
        int total = 0;
        int deleted;
        do {
            deleted = store.purgePublishedBefore(properties.retention(), properties.purgeBatchSize());
            total += deleted;
        } while (deleted == properties.purgeBatchSize() && running);
        return total;
    }

    private void purgeIfDue() {
        Instant now = Instant.now();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(properties.purgeInterval());
        int purged = purge();
        if (purged > 0) {
            log.info("purged {} published change-log rows older than {}", purged, properties.retention());
        }
    }

    private void refreshStatsIfDue() {
        long now = System.nanoTime();
        // count(*) over the pending rows: affordable every few seconds, not on every cycle of a busy relay.
        if (now - statsRefreshedAt < properties.statsInterval().toNanos()) {
            return;
        }
        OutboxStore.PendingStats stats = store.pendingStats();
        metrics.pending(stats.count(), stats.oldestAgeSeconds());
        statsRefreshedAt = now;
    }

    private void failed(Exception e) {
        metrics.failed();
        failedCycles++;
        lastFailure = e.toString();
        if (!inOutage) {
            inOutage = true;
            log.warn("outbox relay cannot publish; retrying with backoff up to {} until it can: {}",
                    properties.maxBackoff(), e.toString());
        } else {
            log.debug("outbox relay still cannot publish", e);
        }
    }

    private void recovered() {
        if (inOutage) {
            log.info("outbox relay publishing again after {} failed cycles", failedCycles);
            inOutage = false;
            failedCycles = 0;
            lastFailure = null;
        }
    }

    /** @param standby another instance holds the relay lock */
    record CycleOutcome(boolean standby, int fetched, int acknowledged, Exception failure) {
        static final CycleOutcome STANDBY = new CycleOutcome(true, 0, 0, null);
    }

    private static final class RelayInterruptedException extends RuntimeException {
        RelayInterruptedException() {
            super("relay stopped", null, false, false);
        }
    }
}
