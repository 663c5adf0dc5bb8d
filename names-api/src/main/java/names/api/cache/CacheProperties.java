package names.api.cache;

import java.time.Duration;

import names.memcached.MemcachedPoolSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read path's cache knobs ({@code names.api.cache.*}).
 *
 * @param enabled false skips memcached entirely (every read is a bypass to PostgreSQL)
 * @param memcached the pool; its short {@code operation-timeout} bounds what a dead node costs a reader
 * @param recordTtl lifetime of a cached name (invalidation, not expiry, is what keeps it fresh)
 * @param notFoundTtl lifetime of a cached "no such name" marker
 * @param leaseTtl lifetime of a reader's fill lease: must outlast a normal database read, and bounds how
 *     long a crashed reader's lease blocks others
 * @param leaseWait total time a reader waits for someone else's lease to turn into a value before it
 *     reads PostgreSQL itself (without filling)
 * @param leasePoll interval between polls while waiting for a lease
 * @param pageTtl lifetime of a cached birth-year page
 * @param generationTtl lifetime of a birth-year generation key
 * @param breakerFailureThreshold consecutive failures of one memcached node that open its circuit breaker
 * @param breakerOpenFor how long an open breaker skips a memcached node before trying it again
 * @param ringCheckInterval how often each node's ring marker is compared with this api's ring
 * @param maxStaleness S, the staleness bound: a cached value is served only while it is known not to have
 *     been superseded more than S ago, i.e. now - max(W, readAt) &lt;= S, W being the watermark of the
 *     entry's node (polled before the get) and readAt the database time of the read that filled it.
 *     Otherwise the value is read from PostgreSQL and refilled. {@code 0} turns the bound off: entries are
 *     served until invalidated, as before the bound existed. Assumes the api's and PostgreSQL's clocks
 *     differ by much less than S ({@code names.db.clock.offset} shows it).
 * @param watermarkPollInterval how often each node's watermark is read (one multi-get per node)
 * @param staleIfError RFC 5861 stale-if-error: when PostgreSQL fails (or the read bulkhead is full) while
 *     refreshing an entry the bound refused, answer that entry, marked {@code X-Cache: stale}, instead of 503.
 *     Off by default: it breaks the bound, and only the operator may choose availability over it.
 */
@ConfigurationProperties("names.api.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue MemcachedPoolSettings memcached,
        @DefaultValue("1h") Duration recordTtl,
        @DefaultValue("30s") Duration notFoundTtl,
        @DefaultValue("3s") Duration leaseTtl,
        @DefaultValue("200ms") Duration leaseWait,
        @DefaultValue("10ms") Duration leasePoll,
        @DefaultValue("5m") Duration pageTtl,
        @DefaultValue("24h") Duration generationTtl,
        @DefaultValue("5") int breakerFailureThreshold,
        @DefaultValue("5s") Duration breakerOpenFor,
        @DefaultValue("5s") Duration ringCheckInterval,
        @DefaultValue("2s") Duration maxStaleness,
        @DefaultValue("100ms") Duration watermarkPollInterval,
        @DefaultValue("false") boolean staleIfError) {

    /** memcached reads an expiry above 30 days as an absolute Unix time, so stay below it. */
    private static final Duration MAX_TTL = Duration.ofDays(30);

    public CacheProperties {
        requireTtl("record-ttl", recordTtl);
        requireTtl("not-found-ttl", notFoundTtl);
        requireTtl("lease-ttl", leaseTtl);
        requireTtl("page-ttl", pageTtl);
        requireTtl("generation-ttl", generationTtl);
        if (leaseWait.isNegative() || leasePoll.isNegative() || leasePoll.isZero()) {
            throw new IllegalArgumentException("names.api.cache.lease-wait must be >= 0 and lease-poll > 0");
        }
        if (ringCheckInterval.toMillis() < 100) {
            throw new IllegalArgumentException("names.api.cache.ring-check-interval must be at least 100ms");
        }
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("names.api.cache.max-staleness must be >= 0 (0 turns the bound off)");
        }
        if (watermarkPollInterval.toMillis() < 10 || (!maxStaleness.isZero()
                && watermarkPollInterval.compareTo(maxStaleness) >= 0)) {
            throw new IllegalArgumentException("names.api.cache.watermark-poll-interval must be at least 10ms and"
                    + " below max-staleness (a poll older than the bound proves nothing)");
        }
        if (breakerFailureThreshold < 1 || breakerOpenFor.isNegative()) {
            throw new IllegalArgumentException(
                    "names.api.cache.breaker-failure-threshold must be >= 1 and breaker-open-for >= 0");
        }
    }

    private static void requireTtl(String name, Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("names.api.cache." + name + " must be between 1s and 30d (memcached"
                    + " expiries are whole seconds, and above 30 days they mean a Unix time)");
        }
    }

    public boolean stalenessBounded() {
        return !maxStaleness.isZero();
    }

    /** memcached expiry in whole seconds. */
    public static int seconds(Duration ttl) {
        return (int) ttl.toSeconds();
    }
}
