package names.writer.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import names.testsupport.SharedContainers;
import names.writer.name.NameChangeCommitted;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The writer's own sessions do not NOTIFY (schema V5); its commits wake the relay in the process, and a
 * writer whose relay finds the lock taken passes the wake-up on to the holder. The relays here neither poll
 * nor send heartbeats within the test's time, so only a wake-up can make them publish.
 */
class RelayWakeUpTest extends WriterIntegrationTest {

    @Autowired
    OutboxRelay applicationRelay;

    @Test
    void theServicesConnectionsLogChangesWithoutNotifying() {
        assertThat(jdbc.queryForObject("SHOW names.change_notify", String.class)).isEqualTo("off");
    }

    @Test
    void anOwnCommitWakesTheRelayAndNothingElseDoes() throws Exception {
        String nconst = newNconst();
        awaitNothingPending();
        applicationRelay.stop();
        try (RelayInstance writer = new RelayInstance("own", wakeUpOnly(), null, null)) {
            startAndSettle(writer);
            writer.jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Agnès Varda')", nconst);
            await("a quiet session's commit alone does not wake the relay").during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5)).until(() -> pendingRows(nconst) == 1);

            writer.relay.ownChangeCommitted(new NameChangeCommitted());

            await("the woken relay publishes").atMost(Duration.ofSeconds(30)).until(() -> pendingRows(nconst) == 0);
        } finally {
            applicationRelay.start();
        }
    }

    @Test
    void aStandbyPassesItsOwnCommitOnToTheRelayHoldingTheLock() throws Exception {
        String first = newNconst();
        String second = newNconst();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        awaitNothingPending();
        applicationRelay.stop();
        try (RelayInstance holder = new RelayInstance("holder", wakeUpOnly(), paused, resume);
                RelayInstance standby = new RelayInstance("standby", wakeUpOnly(), null, null);
                Connection listener = connect(); Statement listen = listener.createStatement()) {
            startAndSettle(holder, standby);
            listen.execute("LISTEN " + ChangeNotificationListener.CHANNEL);
            holder.jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Maya Deren')", first);
            holder.relay.ownChangeCommitted(new NameChangeCommitted());
            assertThat(paused.await(60, TimeUnit.SECONDS)).as("the holder took its batch and the lock").isTrue();

            standby.jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Lois Weber')", second);
            standby.relay.ownChangeCommitted(new NameChangeCommitted());
            awaitNotification(listener);
            resume.countDown();

            // Without the standby's NOTIFY nothing would wake either relay again.
            await("the standby's commit published after the holder's cycle").atMost(Duration.ofSeconds(30))
                    .until(() -> pendingRows(first, second) == 0);
            assertThat(holder.published() + standby.published()).isEqualTo(2);
        } finally {
            resume.countDown();
            applicationRelay.start();
        }
    }

    /**
     * The path behind the test above, for real: a write through the API is one statement outside a
     * Spring transaction, and its wake-up must still reach the application's relay. With the relay lock held
     * here, that relay is a standby, and a standby NOTIFYs the holder only for a commit of its own: the
     * writer's sessions never NOTIFY, so a notification proves the relay heard the write.
     */
    @Test
    void aSingleStatementWriteThroughTheApiStillWakesTheApplicationsRelay() throws Exception {
        String nconst = newNconst();
        assertThat(put(nconst, nameJson(null, "Germaine Dulac", 1882)).status()).isEqualTo(201);
        awaitNothingPending();
        try (Connection holder = connect(); Statement lock = holder.createStatement();
                Connection listener = connect(); Statement listen = listener.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("SELECT pg_advisory_xact_lock(" + OutboxStore.RELAY_LOCK_KEY + ")");
            listen.execute("LISTEN " + ChangeNotificationListener.CHANNEL);
            listener.unwrap(PGConnection.class).getNotifications(500); // anything sent before this write

            assertThat(patch(nconst, "{\"birthYear\": 1883}").status()).isEqualTo(200);

            awaitNotification(listener);
            holder.rollback();
        }
        await("published once the lock is free").atMost(Duration.ofSeconds(30)).until(() -> pendingRows(nconst) == 0);
    }

    /**
     * Starts the relays and lets their start-up wake-ups pass (each listener wakes its relay once it is
     * connected): a later cycle then has a reason the test gave it.
     */
    private void startAndSettle(RelayInstance... writers) throws InterruptedException {
        for (RelayInstance writer : writers) {
            writer.relay.start();
        }
        await("the relays' listeners connected").atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN " + ChangeNotificationListener.CHANNEL + "'",
                Long.class) >= writers.length);
        await("the relays settled after their start-up wake-ups").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(writers).allMatch(writer ->
                        writer.relay.state() == OutboxRelay.RelayState.IDLE
                                || writer.relay.state() == OutboxRelay.RelayState.STANDBY));
    }

    /** Polls and heartbeats far beyond the test's time: a relay publishes only when something wakes it. */
    private static RelayProperties wakeUpOnly() {
        Map<String, String> values = Map.of(
                "names.writer.relay.poll-interval", "10m",
                "names.writer.relay.max-idle-poll", "10m",
                "names.writer.relay.heartbeat-interval", "0",
                "names.writer.relay.max-block", "2s",
                "names.writer.relay.request-timeout", "2s",
                "names.writer.relay.delivery-timeout", "3s");
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("names.writer.relay", RelayProperties.class);
    }

    private void awaitNothingPending() {
        await("earlier tests' changes published").atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM name_changes_pending",
                        Long.class) == 0);
    }

    private long pendingRows(String... nconsts) {
        return jdbc.queryForObject("SELECT count(*) FROM name_changes_pending WHERE nconst = ANY (?)",
                Long.class, (Object) nconsts);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(SharedContainers.postgres().getJdbcUrl(),
                SharedContainers.postgres().getUsername(), SharedContainers.postgres().getPassword());
    }

    private static void awaitNotification(Connection listener) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(1000);
            if (received != null && received.length > 0) {
                return;
            }
        }
        throw new AssertionError("the standby did not notify within 30 s");
    }
}
