package names.writer.relay;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Change ids do not order commits: the relay publishes by a position plus gaps ({@link PublicationPosition}),
 * and these are the two ways a gap ends, on the real PostgreSQL and Kafka.
 */
class PublicationGapTest extends WriterIntegrationTest {

    @Autowired
    DataSource dataSource;

    /** The test's SQL goes through the writer's own pool, whose sessions do not NOTIFY: wake it directly. */
    @Autowired
    OutboxRelay relay;

    @Test
    void aChangeThatCommitsAfterAHigherIdWasPublishedIsStillPublished() throws Exception {
        String late = newNconst();
        String early = newNconst();
        try (Connection open = dataSource.getConnection(); Statement statement = open.createStatement()) {
            open.setAutoCommit(false);
            statement.execute("INSERT INTO names (nconst, primary_name) VALUES ('" + late + "', 'Hedy Lamarr')");
            long lateId = changeId(statement, late);
            jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Anna May Wong')", early);

            assertThat(publishedEventsFor(early)).hasSize(1);
            await("the relay moved past the open transaction's id").atMost(Duration.ofSeconds(10))
                    .until(() -> publishedThrough() > lateId);
            assertThat(gapIds()).as("the open transaction's id is a gap").contains(lateId);

            open.commit();
        }

        List<ReceivedEvent> events = publishedEventsFor(late);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().event().nconst()).isEqualTo(late);
    }

    @Test
    void aChangeWrittenInsideASavepointThatCommitsLateIsStillPublished() throws Exception {
        // Inside a savepoint the row's xmin is a subtransaction's id, which snapshots do not list: the gap's
        // holder must be recognised by the top-level transaction the row records.
        String late = newNconst();
        String early = newNconst();
        try (Connection open = dataSource.getConnection(); Statement statement = open.createStatement()) {
            open.setAutoCommit(false);
            statement.execute("SAVEPOINT before_insert");
            statement.execute("INSERT INTO names (nconst, primary_name) VALUES ('" + late + "', 'Dolores del Rio')");
            statement.execute("RELEASE SAVEPOINT before_insert");
            long lateId = changeId(statement, late);
            jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Pola Negri')", early);
            relay.wake();
            assertThat(publishedEventsFor(early)).hasSize(1);
            await("the relay moved past the open transaction's id").atMost(Duration.ofSeconds(10))
                    .until(() -> publishedThrough() > lateId);

            open.commit();
            relay.wake();
        }

        assertThat(publishedEventsFor(late)).hasSize(1);
    }

    @Test
    void anIdRolledBackBelowAPublishedOneIsProvenGoneAndNeverPublished() throws Exception {
        String rolledBack = newNconst();
        String committed = newNconst();
        long rolledBackId;
        try (Connection open = dataSource.getConnection(); Statement statement = open.createStatement()) {
            open.setAutoCommit(false);
            statement.execute("INSERT INTO names (nconst, primary_name) VALUES ('" + rolledBack + "', 'Nobody')");
            rolledBackId = changeId(statement, rolledBack);
            jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Louise Brooks')", committed);
            assertThat(publishedEventsFor(committed)).hasSize(1);
            await("the relay moved past the open transaction's id").atMost(Duration.ofSeconds(10))
                    .until(() -> publishedThrough() > rolledBackId);
            assertThat(gapIds()).contains(rolledBackId);

            open.rollback();
        }
        // A later cycle (this change wakes one) finds the transaction ended and the id still invisible.
        String later = newNconst();
        jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Clara Bow')", later);
        publishedEventsFor(later);
        await("the gap is proven gone").atMost(Duration.ofSeconds(10))
                .until(() -> !gapIds().contains(rolledBackId));

        EVENTS.awaitCaughtUp();
        assertThat(EVENTS.eventsFor(rolledBack)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM name_changes_pending WHERE id = ?", Long.class,
                rolledBackId)).isZero();
    }

    @Test
    void writesInterleavedWithALongTransactionArePublishedOnceEachAndItsRowsWhenItCommits() throws Exception {
        int rounds = PublicationPosition.MAX_GAPS + 16;
        List<String> committed = new ArrayList<>();
        List<String> held = new ArrayList<>();
        try (Connection open = dataSource.getConnection(); Statement statement = open.createStatement()) {
            open.setAutoCommit(false);
            for (int i = 0; i < rounds; i++) {
                String heldName = newNconst();
                statement.execute("INSERT INTO names (nconst, primary_name) VALUES ('" + heldName + "', 'Long')");
                held.add(heldName);
                String write = newNconst();
                jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Short')", write);
                relay.wake();
                committed.add(write);
                publishedEventsFor(write);
            }
            await("the relay moved past the open transaction's ids").atMost(Duration.ofSeconds(10))
                    .until(() -> publishedThrough() > changeId(statement, held.getLast()));
            assertThat(jdbc.queryForObject("SELECT cardinality(gap_first) FROM relay_position", Integer.class))
                    .as("one gap per interleaving, merged down to the bound").isBetween(1, PublicationPosition.MAX_GAPS);
            open.commit();
            relay.wake();
        }

        assertThat(publishedEventsFor(held.toArray(String[]::new))).hasSize(rounds);
        EVENTS.awaitCaughtUp();
        for (String nconst : held) {
            assertThat(EVENTS.eventsFor(nconst)).as("held %s", nconst).hasSize(1);
        }
        for (String nconst : committed) {
            assertThat(EVENTS.eventsFor(nconst)).as("committed %s: never sent again for a merged gap", nconst)
                    .hasSize(1);
        }
    }

    private static long changeId(Statement statement, String nconst) throws Exception {
        try (ResultSet row = statement.executeQuery(
                "SELECT max(id) FROM name_changes WHERE nconst = '" + nconst + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private long publishedThrough() {
        return jdbc.queryForObject("SELECT published_through FROM relay_position", Long.class);
    }

    /** Every id inside a gap of the relay's position. */
    private List<Long> gapIds() {
        return jdbc.query("SELECT gap_first, gap_last FROM relay_position", (rs, row) -> {
            Long[] first = (Long[]) rs.getArray(1).getArray();
            Long[] last = (Long[]) rs.getArray(2).getArray();
            return IntStream.range(0, first.length)
                    .boxed()
                    .flatMap(i -> LongStream.rangeClosed(first[i], last[i]).boxed())
                    .toList();
        }).stream().flatMap(List::stream).toList();
    }
}
