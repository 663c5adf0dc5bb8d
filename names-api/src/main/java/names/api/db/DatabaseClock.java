package names.api.db;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Measures how far PostgreSQL's clock is from this api's ({@code names.db.clock.offset}, seconds, positive when
 * the database is ahead): the staleness bound compares database times (read times, watermarks) with this
 * api's clock, so it is off by this much. Midpoint estimate, error at most half the round trip.
 */
@Component
public class DatabaseClock implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);

    private final JdbcTemplate jdbc;
    private final ScheduledExecutorService checker;
    private volatile double offsetSeconds = Double.NaN;

    DatabaseClock(JdbcTemplate jdbc, DatabaseReadProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("names.db.clock.offset", this, clock -> clock.offsetSeconds)
                .description("PostgreSQL's clock minus this api's; the staleness bound assumes it is far below the bound")
                .baseUnit("seconds")
                .register(meters);
        long interval = properties.clockCheckInterval().toMillis();
        this.checker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("db-clock").factory());
        checker.scheduleWithFixedDelay(this::measure, 0, interval, TimeUnit.MILLISECONDS);
    }

    void measure() {
        try {
            long before = System.currentTimeMillis();
            Instant database = jdbc.queryForObject("SELECT clock_timestamp()", OffsetDateTime.class).toInstant();
            long after = System.currentTimeMillis();
            Instant local = Instant.ofEpochMilli(before + (after - before) / 2);
            offsetSeconds = Duration.between(local, database).toNanos() / 1e9;
        } catch (RuntimeException e) {
            log.debug("database clock check failed: {}", e.toString());
        }
    }

    public double offsetSeconds() {
        return offsetSeconds;
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
