package names.writer.relay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two writers' relays against the real PostgreSQL and Kafka. The active one is paused inside its relay
 * transaction, holding the relay lock, exactly where a frozen or cut-off writer would stop: after it took
 * its batch, while it would wait for Kafka. PostgreSQL sees a session idle in a transaction.
 */
class RelayFailoverTest extends WriterIntegrationTest {

    /** Short so that the test is quick; the default is 30 s. */
    private static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(5);

    @Autowired
    OutboxRelay applicationRelay;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aStandbyTakesOverFromAPausedActiveRelayAndNoChangeIsLostWhenItResumes() throws Exception {
        RelayProperties properties = relayProperties();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        String first = newNconst();
        String second = newNconst();
        // Two relays of our own, so that the one paused is the active one for certain; the application's
        // relay first publishes what earlier tests left, so that the paused batch is exactly our first change.
        await("earlier tests' changes published").atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM name_changes_pending",
                        Long.class) == 0);
        applicationRelay.stop();
        try (RelayInstance active = new RelayInstance("active", properties, paused, resume);
                RelayInstance standby = new RelayInstance("standby", properties, null, null)) {
            jdbc.update("INSERT INTO names (nconst, primary_name, birth_year) VALUES (?, 'Ida Lupino', 1918)", first);
            active.relay.start();
            assertThat(paused.await(60, TimeUnit.SECONDS)).as("the active relay took a batch").isTrue();
            long pausedAt = System.nanoTime();
            Boolean lockFree = transactions.execute(
                    status -> new OutboxStore(jdbc).tryRelayLock(IDLE_IN_TRANSACTION_TIMEOUT).held());
            assertThat(lockFree).as("the paused relay holds the relay lock").isFalse();

            standby.relay.start();
            jdbc.update("UPDATE names SET birth_year = 1919 WHERE nconst = ?", first);
            jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Dorothy Arzner')", second);

            await("the standby publishes the paused relay's batch and the changes since")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pendingRows(first, second) == 0);
            Duration takeover = Duration.ofNanos(System.nanoTime() - pausedAt);
            System.out.printf("relay failover: standby published %d ms after the active relay paused"
                    + " (idle-in-transaction-timeout %s, max-idle-poll %s)%n", takeover.toMillis(),
                    IDLE_IN_TRANSACTION_TIMEOUT, properties.maxIdlePoll());
            assertThat(standby.published()).isGreaterThanOrEqualTo(3);

            resume.countDown();
            await("the resumed relay fails to mark its batch: its session was ended")
                    .atMost(Duration.ofSeconds(60)).until(() -> active.failures() > 0);
            assertThat(active.published()).isZero();
            jdbc.update("UPDATE names SET birth_year = 1920 WHERE nconst = ?", first);

            List<ReceivedEvent> received = publishedEventsFor(first, second);
            assertThat(received).extracting(r -> r.event().eventId())
                    .as("every logged change reached Kafka").containsAll(loggedEventIds(first, second));
            List<Long> firstVersions = received.stream().filter(r -> r.event().nconst().equals(first))
                    .map(r -> r.event().version()).toList();
            List<Long> logged = loggedVersions(first);
            // The resumed relay sent its batch (v1) after the standby had sent v1 and v2: at least once,
            // not in order. The highest version is the current one.
            assertThat(firstVersions).as("versions of %s in log order", first)
                    .containsSubsequence(logged.get(0), logged.get(1), logged.get(0), logged.get(2));
            assertThat(firstVersions.stream().mapToLong(Long::longValue).max()).hasValue(logged.getLast());
        } finally {
            resume.countDown();
            applicationRelay.start();
        }
    }

    /** Small producer timeouts, so that the idle-in-transaction timeout can be short and still valid. */
    private static RelayProperties relayProperties() {
        Map<String, String> values = Map.of(
                "names.writer.relay.idle-in-transaction-timeout", IDLE_IN_TRANSACTION_TIMEOUT.toMillis() + "ms",
                "names.writer.relay.max-block", "1s",
                "names.writer.relay.request-timeout", "1s",
                "names.writer.relay.delivery-timeout", "2s",
                "names.writer.relay.poll-interval", "200ms",
                "names.writer.relay.max-idle-poll", "1s",
                "names.writer.relay.max-backoff", "500ms");
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("names.writer.relay", RelayProperties.class);
    }

    private long pendingRows(String... nconsts) {
        return jdbc.queryForObject("SELECT count(*) FROM name_changes_pending WHERE nconst = ANY (?)",
                Long.class, (Object) nconsts);
    }

    private List<UUID> loggedEventIds(String... nconsts) {
        return jdbc.queryForList("SELECT event_id FROM name_changes WHERE nconst = ANY (?)", UUID.class,
                (Object) nconsts);
    }

    private List<Long> loggedVersions(String nconst) {
        return jdbc.queryForList("SELECT version FROM name_changes WHERE nconst = ? ORDER BY id", Long.class, nconst);
    }
}
