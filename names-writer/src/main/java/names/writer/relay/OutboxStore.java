package names.writer.relay;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** SQL over the change log ({@code name_changes}), which the triggers on {@code names} fill. */
class OutboxStore {

    /**
     * Key of the transaction-scoped advisory lock that makes one writer instance the active relay.
     * (The bytes spell "nmsrelay".) Publishing from several instances at once would reorder a key's
     * events: each instance would send its own batch concurrently. SKIP LOCKED alone does not prevent
     * that: it hands different rows to different instances, and instance B can send row 11 (nm1 v2)
     * while instance A is still sending row 10 (nm1 v1).
     */
    static final long RELAY_LOCK_KEY = 0x6e6d7372656c6179L;

    private final JdbcTemplate jdbc;

    OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the relay lock for this transaction (it is released at the transaction's end), and bounds how
     * long the transaction, and with it the lock, can outlive a relay that stopped answering.
     *
     * <p>PostgreSQL ends a session idle in a transaction for longer than {@code idleTimeout}, which rolls
     * back and releases the lock: a paused or cut-off writer loses it after {@code idleTimeout} instead of
     * when TCP gives up on it (about two hours with Linux keepalive defaults). Set locally (SET LOCAL),
     * for this transaction only, not for the pooled connection's later borrowers; in the lock's statement,
     * so a cycle costs no extra round trip. The same bound on each wait for PostgreSQL's answer (the JDBC
     * network timeout, which the pool resets when the connection is returned): a relay cut off from the
     * database fails its cycle and backs off instead of waiting for TCP to give up on a commit that can
     * no longer matter.
     */
    RelayLock tryRelayLock(Duration idleTimeout) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            connection.setNetworkTimeout(Runnable::run, Math.toIntExact(idleTimeout.toMillis()));
            return null;
        });
        // clock_timestamp(), not now(): the time this statement runs, which is before the pending SELECT
        // that follows takes its snapshot (see OutboxRelay#cycle for why heartbeats need exactly that).
        // The cycle commits without waiting for its WAL flush (synchronous_commit off, this transaction
        // only): it only marks rows Kafka already acknowledged, so a crash that loses the mark re-sends them
        // (a duplicate, allowed), and a busy relay no longer queues a flush per cycle behind the writes'.
        return jdbc.queryForObject("""
                SELECT set_config('idle_in_transaction_session_timeout', ?, true), pg_try_advisory_xact_lock(?),
                       clock_timestamp(), set_config('synchronous_commit', 'off', true)""",
                (rs, row) -> new RelayLock(rs.getBoolean(2), rs.getObject(3, OffsetDateTime.class).toInstant()),
                idleTimeout.toMillis() + "ms", RELAY_LOCK_KEY);
    }

    /**
     * @param held whether this transaction holds the relay lock
     * @param databaseTime the database clock when the lock statement ran, before any later statement
     */
    record RelayLock(boolean held, Instant databaseTime) {
    }

    /** Wakes every writer's relay when this transaction commits (what the change-log triggers send). */
    void notifyRelays() {
        jdbc.queryForObject("SELECT pg_notify(?, '')", Object.class, ChangeNotificationListener.CHANNEL);
    }

    /** The oldest pending rows, locked until the transaction ends. */
    List<PendingChange> lockPending(int limit) {
        return jdbc.query("""
                SELECT id, event_id, nconst, operation, version, old_birth_year, new_birth_year, committed_at
                FROM name_changes WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE""",
                OutboxStore::pendingChange, limit);
    }

    void markPublished(List<Long> ids) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement(
                    "UPDATE name_changes SET published_at = now() WHERE id = ANY (?)");
            Array array = connection.createArrayOf("bigint", ids.toArray());
            statement.setArray(1, array);
            return statement;
        });
    }

    /** Count of pending rows and the age of the oldest, measured by the database clock. */
    PendingStats pendingStats() {
        return jdbc.queryForObject("""
                SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(committed_at)), 0)
                FROM name_changes WHERE published_at IS NULL""",
                (rs, row) -> new PendingStats(rs.getLong(1), rs.getDouble(2)));
    }

    /** Deletes up to {@code limit} rows published longer ago than {@code retention}; returns how many. */
    int purgePublishedBefore(Duration retention, int limit) {
        return jdbc.update("""
                DELETE FROM name_changes WHERE id IN (
                    SELECT id FROM name_changes
                    WHERE published_at < now() - make_interval(secs => ?)
                    LIMIT ? FOR UPDATE SKIP LOCKED)""",
                retention.toMillis() / 1000.0, limit);
    }

    private static PendingChange pendingChange(ResultSet rs, int row) throws SQLException {
        return new PendingChange(
                rs.getLong("id"),
                rs.getObject("event_id", UUID.class),
                rs.getString("nconst"),
                rs.getString("operation"),
                rs.getLong("version"),
                rs.getObject("old_birth_year", Integer.class),
                rs.getObject("new_birth_year", Integer.class),
                rs.getObject("committed_at", OffsetDateTime.class).toInstant());
    }

    record PendingStats(long count, double oldestAgeSeconds) {
    }
}
