package names.writer.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import names.contract.Topics;
import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.ChangeEventCollector.ReceivedHeartbeat;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RelayHeartbeatTest extends WriterIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void whileIdleEveryPartitionIsClosedPastTheCurrentDatabaseTime() {
        Instant start = databaseNow();
        long begun = System.nanoTime();

        await("a heartbeat past " + start + " on every partition").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> IntStream.range(0, Topics.NAME_CHANGES_PARTITIONS)
                        .allMatch(p -> latestClosedAt(p).isAfter(start)));

        System.out.printf("every partition closed past the start after %d ms%n", (System.nanoTime() - begun) / 1_000_000);
    }

    /**
     * The case the heartbeat rule exists for: change-log ids do not order commits. {@code early} takes its
     * id first and commits last; {@code late} is published meanwhile. No heartbeat ahead of early's event on
     * its partition may claim a time at or after early's commit, and heartbeats must not stall on it.
     */
    @Test
    void aTransactionThatTookItsIdEarlierButCommitsLaterIsNeverClaimedByAHeartbeatAheadOfIt() throws Exception {
        String early = newNconst();
        String late = newNconst();
        Instant afterCommit;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO names (nconst, primary_name, birth_year) VALUES (?, 'Lupe Velez', 1908)")) {
                insert.setString(1, early);
                insert.executeUpdate();
            }
            jdbc.update("INSERT INTO names (nconst, primary_name, birth_year) VALUES (?, 'Anna May Wong', 1905)", late);
            assertThat(changeLogId(late)).isGreaterThan(0);
            publishedEventsFor(late);
            Instant latePublished = databaseNow();
            // Heartbeats keep closing every partition past the later commit while early is still open.
            await("heartbeats past the later commit while the earlier id is uncommitted").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> IntStream.range(0, Topics.NAME_CHANGES_PARTITIONS)
                            .allMatch(p -> latestClosedAt(p).isAfter(latePublished)));
            connection.commit();
            afterCommit = databaseNow();
        }

        ReceivedEvent earlyEvent = publishedEventsFor(early).getFirst();
        int partition = earlyEvent.partition();
        await("a heartbeat behind the early event closes past its commit").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> EVENTS.heartbeatsOn(partition).stream()
                        .anyMatch(h -> h.offset() > earlyEvent.offset() && h.heartbeat().closedAt().isAfter(afterCommit)));

        List<ReceivedHeartbeat> ahead = EVENTS.heartbeatsOn(partition).stream()
                .filter(h -> h.offset() < earlyEvent.offset()).toList();
        assertThat(ahead).as("heartbeats ahead of the early event").isNotEmpty();
        assertThat(ahead).allSatisfy(h -> assertThat(h.heartbeat().closedAt()).isBefore(afterCommit));
        assertThat(ahead.getLast().heartbeat().closedAt()).as("closed past the later commit, not stuck on the lower id")
                .isAfter(EVENTS.eventsFor(late).getFirst().event().committedAt());
    }

    private Instant latestClosedAt(int partition) {
        return EVENTS.heartbeatsOn(partition).stream().map(h -> h.heartbeat().closedAt())
                .max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private long changeLogId(String nconst) {
        return jdbc.queryForObject("SELECT max(id) FROM name_changes WHERE nconst = ?", Long.class, nconst);
    }

    private Instant databaseNow() {
        return jdbc.queryForObject("SELECT clock_timestamp()", OffsetDateTime.class).toInstant();
    }
}
