package names.writer.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on the channel the change-log trigger notifies, on a dedicated connection (not a pooled one:
 * it is held forever), and wakes the relay. Notifications are only a latency optimisation: the relay also
 * polls, so a notification lost while this reconnects delays an event but never loses it.
 */
class ChangeNotificationListener {

    static final String CHANNEL = "name_changes";

    private static final Logger log = LoggerFactory.getLogger(ChangeNotificationListener.class);
    /** Bounds how long stop() waits for the blocking read to return. */
    private static final int WAIT_MILLIS = 500;
    /** A silently dead connection (no RST) only shows when we talk to the server. */
    private static final Duration VALIDATION_INTERVAL = Duration.ofSeconds(30);

    private final String url;
    private final Properties credentials = new Properties();
    private final Duration reconnectDelay;
    private volatile boolean running;
    private Thread thread;

    ChangeNotificationListener(String url, String username, String password, Duration reconnectDelay) {
        this.url = url;
        if (username != null) {
            credentials.setProperty("user", username);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.reconnectDelay = reconnectDelay;
    }

    void start(Runnable onNotification) {
        running = true;
        thread = Thread.ofPlatform().daemon().name("outbox-listener").start(() -> listen(onNotification));
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(5));
        }
    }

    private void listen(Runnable onNotification) {
        boolean failing = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (failing) {
                    log.info("listening for change notifications again");
                    failing = false;
                }
                // Whatever was committed while we were not listening is found by this wake-up's cycle.
                onNotification.run();
                receive(connection, onNotification);
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    log.warn("change notifications unavailable, the relay polls meanwhile: {}", e.toString());
                    failing = true;
                }
                try {
                    Thread.sleep(reconnectDelay);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void receive(Connection connection, Runnable onNotification) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long lastValidated = System.nanoTime();
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                onNotification.run();
            }
            if (System.nanoTime() - lastValidated > VALIDATION_INTERVAL.toNanos()) {
                if (!connection.isValid(5)) {
                    throw new SQLException("LISTEN connection is no longer valid");
                }
                lastValidated = System.nanoTime();
            }
        }
    }
}
