package names.api.consistency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import names.api.db.DatabaseBusyException;
import names.api.db.ReadBulkhead;
import names.api.hotkeys.HotKeys;
import names.contract.Nconst;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.consistency.ConsistencyLedger;
import names.memcached.consistency.Inconsistency;
import names.memcached.consistency.InconsistencyKind;
import names.memcached.consistency.RepairResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Compares entries this api serves with PostgreSQL, slowly (Uber's Cache Inspector): hot keys first
 * ({@code /actuator/hotkeys}), then random names, at {@code reads-per-second}. An entry whose version is
 * below the row's (or a record of a deleted name, or a not-found marker of an existing one) is only a
 * suspect: its change may still be on its way to the invalidator. It counts as an inconsistency only if,
 * after {@code recheck-delay}, the very same entry is still there and PostgreSQL still disagrees with it;
 * then it is deleted (acknowledged) like an invalidation would have.
 *
 * <p>It never competes with serving: one thread, its PostgreSQL reads go through the read path's
 * bulkhead and are skipped (counted as shed) when it is busy.
 */
public final class CacheInspector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheInspector.class);

    private final InspectionProperties properties;
    private final ConsistencyLedger ledger;
    private final MemcachedNodes nodes;
    private final HotKeys hotKeys;
    private final ReadBulkhead bulkhead;
    private final JdbcTemplate jdbc;
    private final Queue<String> candidates = new ArrayDeque<>();
    private final AtomicInteger pendingRechecks = new AtomicInteger();
    private final ScheduledThreadPoolExecutor scheduler;

    CacheInspector(InspectionProperties properties, ConsistencyLedger ledger, MemcachedNodes nodes, HotKeys hotKeys,
            ReadBulkhead bulkhead, JdbcTemplate jdbc) {
        this.properties = properties;
        this.ledger = ledger;
        this.nodes = nodes;
        this.hotKeys = hotKeys;
        this.bulkhead = bulkhead;
        this.jdbc = jdbc;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "cache-inspector");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        if (properties.enabled()) {
            long every = (long) (1_000_000_000L / properties.readsPerSecond());
            scheduler.scheduleWithFixedDelay(this::inspectNext, every, every, TimeUnit.NANOSECONDS);
        }
    }

    int pendingRechecks() {
        return pendingRechecks.get();
    }

    private void inspectNext() {
        try {
            String nconst = nextCandidate();
            if (nconst != null) {
                inspect(nconst);
            }
        } catch (RuntimeException e) {
            log.debug("cache inspection failed: {}", e.toString());
        }
    }

    /** Hot keys first; when they are used up, a batch of random names. */
    private String nextCandidate() {
        if (candidates.isEmpty()) {
            hotKeys.top().stream().map(HotKeys.HotKey::key).filter(Nconst::isValid).forEach(candidates::add);
            candidates.addAll(randomNames());
        }
        return candidates.poll();
    }

    /** From a random point of the primary key on: an index range scan, whatever the table's size. */
    private List<String> randomNames() {
        String from = String.format("nm%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        try {
            return bulkhead.call(() -> jdbc.queryForList(
                    "SELECT nconst FROM names WHERE nconst >= ? ORDER BY nconst LIMIT ?", String.class, from,
                    properties.randomBatch()));
        } catch (DatabaseBusyException busy) {
            return List.of();
        }
    }

    /**
     * Compares one name's entry with PostgreSQL, and schedules its recheck when they disagree. Package
     * visible for the test, which inspects its own names instead of waiting for the sampler.
     */
    void inspect(String nconst) {
        String key = CacheKeys.name(nconst);
        String value = cached(key);
        CacheEntry served = value == null ? null : decode(value);
        if (!(served instanceof CacheEntry.Found || served instanceof CacheEntry.NotFound)) {
            return; // nothing served from it: absent, a lease, unreadable
        }
        Optional<Long> row;
        try {
            row = databaseVersion(nconst);
        } catch (DatabaseBusyException busy) {
            ledger.shed(1);
            return;
        }
        ledger.checked(ConsistencyLedger.INSPECTION, 1);
        if (disagrees(served, row) == null) {
            return;
        }
        if (pendingRechecks.incrementAndGet() > properties.maxPendingRechecks()) {
            pendingRechecks.decrementAndGet();
            ledger.shed(1);
            return;
        }
        Instant firstSeen = Instant.now();
        scheduler.schedule(() -> {
            try {
                recheck(nconst, key, value, firstSeen);
            } catch (RuntimeException e) {
                log.debug("cache inspection recheck of {} failed: {}", key, e.toString());
            } finally {
                pendingRechecks.decrementAndGet();
            }
        }, properties.recheckDelay().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Same entry still there, PostgreSQL still newer: an inconsistency, repaired. */
    private void recheck(String nconst, String key, String value, Instant firstSeen) {
        if (!value.equals(cached(key))) {
            return; // invalidated, refilled or replaced since: the pipeline did its job
        }
        Optional<Long> row;
        try {
            row = databaseVersion(nconst);
        } catch (DatabaseBusyException busy) {
            ledger.shed(1);
            return;
        }
        CacheEntry entry = decode(value);
        Mismatch mismatch = disagrees(entry, row);
        if (mismatch == null) {
            return;
        }
        MemcachedNode node = nodes.nodeFor(key);
        RepairResult result;
        try {
            node.client().delete(key, nodes.settings().operationTimeout().toMillis());
            result = RepairResult.DELETED;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            result = RepairResult.FAILED;
        }
        Instant now = Instant.now();
        Duration age = Duration.between(firstSeen, now);
        ledger.inconsistent(new Inconsistency(now, ConsistencyLedger.INSPECTION, ConsistencyLedger.INSPECTION,
                mismatch.kind(), key, node.name(), mismatch.found(), mismatch.expected(), age, result));
        log.warn("inconsistent cache entry {} on {}: found {}, PostgreSQL has {}; still there {} ms after it was"
                + " first seen; repair: {}", key, node.name(), mismatch.found(), mismatch.expected(), age.toMillis(),
                result.tag());
    }

    /**
     * Versions, not bytes: a record below the row's version, a record of a deleted name, a not-found
     * marker of an existing name. A record at or above the row's version is never a mismatch (a newer
     * row may be committing right now).
     */
    static Mismatch disagrees(CacheEntry entry, Optional<Long> row) {
        return switch (entry) {
            case CacheEntry.Found found when row.isEmpty() ->
                    new Mismatch(InconsistencyKind.RECORD, "version " + found.version(), "no row");
            case CacheEntry.Found found when found.version() < row.get() ->
                    new Mismatch(InconsistencyKind.RECORD, "version " + found.version(), "version " + row.get());
            case CacheEntry.NotFound notFound when row.isPresent() ->
                    new Mismatch(InconsistencyKind.NOT_FOUND, "not found", "version " + row.get());
            default -> null;
        };
    }

    private Optional<Long> databaseVersion(String nconst) {
        return bulkhead.call(() -> jdbc.queryForList("SELECT version FROM names WHERE nconst = ?", Long.class, nconst)
                .stream().findFirst());
    }

    private String cached(String key) {
        try {
            return nodes.nodeFor(key).client().get(key, nodes.settings().operationTimeout().toMillis());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private static CacheEntry decode(String value) {
        try {
            return CacheEntryCodec.decode(value);
        } catch (IllegalArgumentException unreadable) {
            return new CacheEntry.Lease("unreadable");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    record Mismatch(InconsistencyKind kind, String found, String expected) {
    }
}
