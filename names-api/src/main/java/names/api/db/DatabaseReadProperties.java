package names.api.db;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Protection of PostgreSQL from the read path ({@code names.api.db.*}).
 *
 * @param maxConcurrentReads the bulkhead: database reads in flight at once from this api. When the cache
 *     cannot vouch for entries (the invalidation pipeline lags and the staleness bound refuses them), every
 *     hot key is refilled about once per bound, and a cold cache sends everything here: beyond this many,
 *     requests get 503 instead of queueing for a connection
 * @param maxWait how long a read may wait for a place in the bulkhead before its 503
 * @param clockCheckInterval how often the offset between PostgreSQL's clock and this api's is measured
 *     ({@code names.db.clock.offset}): the staleness bound assumes it is much smaller than the bound
 */
@ConfigurationProperties("names.api.db")
public record DatabaseReadProperties(
        @DefaultValue("10") int maxConcurrentReads,
        @DefaultValue("100ms") Duration maxWait,
        @DefaultValue("10s") Duration clockCheckInterval) {

    public DatabaseReadProperties {
        if (maxConcurrentReads < 1) {
            throw new IllegalArgumentException("names.api.db.max-concurrent-reads must be at least 1");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("names.api.db.max-wait must not be negative");
        }
        if (clockCheckInterval.toMillis() < 100) {
            throw new IllegalArgumentException("names.api.db.clock-check-interval must be at least 100ms");
        }
    }
}
