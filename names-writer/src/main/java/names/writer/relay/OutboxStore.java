package names.writer.relay;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

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

    /**
     * The publication position and the oldest pending rows, read by one statement: position, rows and the
     * snapshot's bounds all come from the one snapshot, taken after this transaction got the relay lock. It
     * also gives this transaction its id (the position update would anyway): larger than the id of every
     * transaction that could hold an unseen change id ({@link PublicationPosition.Snapshot}).
     * No row lock: the relay lock already makes this the only relay, and nothing else writes a change row.
     */
    PendingBatch pending(int limit) {
        return jdbc.query("""
                WITH relay AS MATERIALIZED (
                    SELECT published_through, gap_first, gap_last, gap_holder_count, gap_holders,
                           pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS snapshot_xmin,
                           pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS snapshot_xmax,
                           ARRAY(SELECT x::text::bigint FROM pg_snapshot_xip(pg_current_snapshot()) AS x) AS in_progress,
                           pg_current_xact_id()::text::bigint AS own_xid
                    FROM relay_position
                ), batch AS (
                    SELECT * FROM name_changes_pending ORDER BY id LIMIT ?
                )
                SELECT relay.*, batch.id, batch.event_id, batch.nconst, batch.operation, batch.version,
                       batch.old_birth_year, batch.new_birth_year, batch.committed_at,
                       coalesce(batch.written_by::text::bigint, 0) AS written_by
                FROM relay LEFT JOIN batch ON true ORDER BY batch.id""",
                (ResultSetExtractor<PendingBatch>) rs -> {
                    if (!rs.next()) {
                        throw new IllegalStateException("relay_position has no row: the schema (V6) is not migrated");
                    }
                    PublicationPosition position = position(rs);
                    PublicationPosition.Snapshot snapshot = new PublicationPosition.Snapshot(
                            rs.getLong("snapshot_xmin"), rs.getLong("snapshot_xmax"),
                            Set.of((Long[]) rs.getArray("in_progress").getArray()), rs.getLong("own_xid"));
                    List<PublicationPosition.Read> reads = new ArrayList<>();
                    List<PendingChange> changes = new ArrayList<>();
                    do {
                        long id = rs.getLong("id");
                        if (rs.wasNull()) {
                            continue; // the position's row alone: nothing pending
                        }
                        PublicationPosition.Read read = new PublicationPosition.Read(id, rs.getLong("written_by"));
                        reads.add(read);
                        if (position.pending(read)) {
                            changes.add(pendingChange(rs));
                        }
                    } while (rs.next());
                    return new PendingBatch(position, snapshot, reads, changes);
                }, limit);
    }

    /** Replaces the publication position; called by the relay, holding the relay lock. */
    void savePosition(PublicationPosition position) {
        List<PublicationPosition.Gap> gaps = position.gaps();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    UPDATE relay_position SET published_through = ?, gap_first = ?, gap_last = ?,
                                              gap_holder_count = ?, gap_holders = ?""");
            statement.setLong(1, position.publishedThrough());
            statement.setArray(2, connection.createArrayOf("bigint",
                    gaps.stream().map(PublicationPosition.Gap::first).toArray()));
            statement.setArray(3, connection.createArrayOf("bigint",
                    gaps.stream().map(PublicationPosition.Gap::last).toArray()));
            statement.setArray(4, connection.createArrayOf("integer",
                    gaps.stream().map(gap -> gap.holders().size()).toArray()));
            statement.setArray(5, connection.createArrayOf("bigint",
                    gaps.stream().flatMap(gap -> gap.holders().stream()).toArray()));
            return statement;
        });
    }

    private static PublicationPosition position(ResultSet rs) throws SQLException {
        Long[] first = (Long[]) rs.getArray("gap_first").getArray();
        Long[] last = (Long[]) rs.getArray("gap_last").getArray();
        Integer[] holderCount = (Integer[]) rs.getArray("gap_holder_count").getArray();
        Long[] holders = (Long[]) rs.getArray("gap_holders").getArray();
        List<PublicationPosition.Gap> gaps = new ArrayList<>(first.length);
        int next = 0;
        for (int i = 0; i < first.length; i++) {
            gaps.add(new PublicationPosition.Gap(first[i], last[i],
                    Set.of(Arrays.copyOfRange(holders, next, next + holderCount[i]))));
            next += holderCount[i];
        }
        return new PublicationPosition(rs.getLong("published_through"), gaps);
    }

    /**
     * @param position the publication position as the snapshot saw it
     * @param snapshot the snapshot that read the rows
     * @param read every row the statement returned, ascending ids: the pending rows, and rows in a gap
     *     written by another gap's holder (published already)
     * @param changes the pending rows among them
     */
    record PendingBatch(PublicationPosition position, PublicationPosition.Snapshot snapshot,
            List<PublicationPosition.Read> read, List<PendingChange> changes) {
    }

    /** Count of pending rows and the age of the oldest, measured by the database clock. */
    PendingStats pendingStats() {
        return jdbc.queryForObject("""
                SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(committed_at)), 0)
                FROM name_changes_pending""",
                (rs, row) -> new PendingStats(rs.getLong(1), rs.getDouble(2)));
    }

    /**
     * Deletes up to {@code limit} published rows committed longer ago than {@code retention}, oldest first;
     * returns how many. Looks only at the {@code limit} lowest ids, so it stops at the first young rows
     * instead of walking the whole log, and never deletes a row still pending in a gap. ({@code = ANY(ARRAY(...))}
     * and not {@code IN (...)}: the planner turned IN into a hash join over a scan of the whole table.)
     */
    int purgePublishedBefore(Duration retention, int limit) {
        return jdbc.update("""
                DELETE FROM name_changes c
                WHERE c.id = ANY (ARRAY(SELECT id FROM name_changes
                                        WHERE id <= (SELECT published_through FROM relay_position) ORDER BY id LIMIT ?))
                  AND c.committed_at < now() - make_interval(secs => ?)
                  AND NOT coalesce(c.id <@ (SELECT range_agg(int8range(g.first_id, g.last_id, '[]'))
                                            FROM relay_position, unnest(gap_first, gap_last) AS g(first_id, last_id)),
                                   false)""",
                limit, retention.toMillis() / 1000.0);
    }

    private static PendingChange pendingChange(ResultSet rs) throws SQLException {
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
