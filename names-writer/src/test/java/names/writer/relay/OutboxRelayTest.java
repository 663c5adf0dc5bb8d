package names.writer.relay;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutboxRelayTest extends WriterIntegrationTest {

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    OutboxRelay relay;

    @Autowired
    DataSource dataSource;

    @Test
    void everyChangeOfOneTransactionIsPublishedExactlyOnce() {
        String[] nconsts = {newNconst(), newNconst(), newNconst(), newNconst(), newNconst()};

        transactions.executeWithoutResult(status -> {
            for (String nconst : nconsts) {
                jdbc.update("INSERT INTO names (nconst, primary_name, birth_year) VALUES (?, 'Orson Welles', 1915)",
                        nconst);
            }
            jdbc.update("UPDATE names SET birth_year = 1916 WHERE nconst = ?", nconsts[0]);
        });

        List<ReceivedEvent> events = publishedEventsFor(nconsts);
        assertThat(events).hasSize(6);
        assertThat(events).extracting(e -> e.event().eventId()).doesNotHaveDuplicates();
        assertThat(events).extracting(e -> e.event().nconst()).containsOnly(nconsts);
    }

    @Test
    void whileAnotherInstanceHoldsTheRelayLockThisOneStandsBy() throws Exception {
        String nconst = newNconst();
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + OutboxStore.RELAY_LOCK_KEY + ")");
            try {
                jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Vivien Leigh')", nconst);

                assertThat(relay.cycle().standby()).isTrue();
                assertThat(pendingRows(nconst)).isEqualTo(1);
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + OutboxStore.RELAY_LOCK_KEY + ")");
            }
        }

        assertThat(publishedEventsFor(nconst)).hasSize(1);
    }

    @Test
    void publishedRowsCommittedLongerAgoThanTheRetentionArePurgedAndRecentOnesKept() {
        String nconst = newNconst();
        jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Gene Kelly')", nconst);
        jdbc.update("UPDATE names SET birth_year = 1912 WHERE nconst = ?", nconst);
        publishedEventsFor(nconst);
        UUID old = jdbc.queryForObject("SELECT event_id FROM name_changes WHERE nconst = ? ORDER BY id LIMIT 1",
                UUID.class, nconst);
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingRows(nconst) == 0);
        jdbc.update("UPDATE name_changes SET committed_at = now() - interval '8 days' WHERE event_id = ?", old);

        relay.purge();

        assertThat(jdbc.queryForList("SELECT event_id FROM name_changes WHERE nconst = ?", UUID.class, nconst))
                .hasSize(1).doesNotContain(old);
    }

    @Test
    void relayMetricsAndStateAreExposedOnTheActuator() {
        String nconst = newNconst();
        jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Ava Gardner')", nconst);
        publishedEventsFor(nconst);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response prometheus = request("GET", "/actuator/prometheus", null, null);
            assertThat(prometheus.status()).isEqualTo(200);
            assertThat(prometheus.body())
                    .contains("names_outbox_published_total")
                    .contains("names_outbox_publish_failures_total")
                    .contains("names_outbox_pending")
                    .contains("names_outbox_oldest_pending_age_seconds");
        });
        Response health = request("GET", "/actuator/health", null, null);
        assertThat(health.json().at("/components/outboxRelay/status").asString()).isEqualTo("UP");
        assertThat(request("GET", "/actuator/env", null, null).status()).isEqualTo(404);
        assertThat(request("GET", "/v3/api-docs", null, null).body()).contains("/names/{nconst}");
    }

    private long pendingRows(String nconst) {
        return jdbc.queryForObject("SELECT count(*) FROM name_changes_pending WHERE nconst = ?",
                Long.class, nconst);
    }
}
