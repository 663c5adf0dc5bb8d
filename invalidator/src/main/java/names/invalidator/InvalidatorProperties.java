package names.invalidator;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import names.memcached.MemcachedPoolSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every knob of the invalidator ({@code names.invalidator.*}).
 *
 * @param pools every memcached pool a change must be deleted from; each node of each pool gets its own
 *     consumer group, so a node that cannot be reached holds up only its own deletes (retried until it
 *     answers; a skipped delete would leave stale data)
 * @param groupId prefix of the per-node Kafka consumer groups ({@code <groupId>.<pool>.<node>}); instances
 *     sharing it split the change topic's partitions, node by node
 * @param concurrency consumers (threads) per node in this instance; more than the partition count just idle
 * @param maxPollRecords largest batch handed to one listener call; bounds the time one attempt can take
 * @param sharedReadWindow reads of recent records kept per partition for the other node consumers of this
 *     instance (each record is decoded and ring-hashed once, not once per node); a consumer further behind
 *     reads for itself. 0 shares nothing. Memory: about a kilobyte per read, times the partitions
 * @param commitInterval how often the offsets of applied batches are committed; zero commits after every
 *     batch. Each commit is a request the broker appends to its offsets log: at 500 changes/s that was
 *     ~115 commits/s and about a twentieth of the machine. A crash re-delivers at most this much of
 *     already-applied changes, which deletes the same keys again; nothing is ever committed unapplied.
 * @param retry back-off between attempts of a batch that could not be fully applied
 * @param ringMarkerInterval how often the ring marker is renewed on every node (readers check it)
 * @param ringMarkerTtl lifetime of a ring marker: when no invalidator renews it, readers stop trusting it
 * @param watermarkTtl lifetime of a node's per-partition watermark keys: an invalidator gone longer leaves
 *     them absent (unknown) rather than old; renewed with every heartbeat applied
 */
@ConfigurationProperties("names.invalidator")
public record InvalidatorProperties(
        List<MemcachedPoolSettings> pools,
        @DefaultValue("names-invalidator") String groupId,
        @DefaultValue("1") int concurrency,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("4096") int sharedReadWindow,
        @DefaultValue("1s") Duration commitInterval,
        @DefaultValue Retry retry,
        @DefaultValue("10s") Duration ringMarkerInterval,
        @DefaultValue("60s") Duration ringMarkerTtl,
        @DefaultValue("1h") Duration watermarkTtl) {

    public InvalidatorProperties {
        if (pools == null || pools.isEmpty()) {
            throw new IllegalArgumentException("names.invalidator.pools must name at least one memcached pool");
        }
        Set<String> names = new HashSet<>();
        for (MemcachedPoolSettings pool : pools) {
            if (!names.add(pool.name())) {
                // The name tags metrics and logs; two pools with one name would be indistinguishable.
                throw new IllegalArgumentException("duplicate memcached pool name '" + pool.name() + "'");
            }
        }
        pools = List.copyOf(pools);
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("names.invalidator.group-id must not be blank");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("names.invalidator.concurrency must be at least 1");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("names.invalidator.max-poll-records must be at least 1");
        }
        if (sharedReadWindow < 0 || sharedReadWindow > 1 << 20) {
            throw new IllegalArgumentException("names.invalidator.shared-read-window must be between 0 and 1048576");
        }
        if (ringMarkerInterval.toMillis() < 100 || ringMarkerTtl.compareTo(ringMarkerInterval.multipliedBy(2)) < 0
                || ringMarkerTtl.toSeconds() > 30L * 24 * 3600) {
            throw new IllegalArgumentException("names.invalidator.ring-marker-interval must be >= 100ms and"
                    + " ring-marker-ttl at least twice the interval (and at most 30 days)");
        }
        if (watermarkTtl.toSeconds() < 1 || watermarkTtl.toSeconds() > 30L * 24 * 3600) {
            throw new IllegalArgumentException("names.invalidator.watermark-ttl must be between 1s and 30 days");
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("names.invalidator.commit-interval must not be negative");
        }
    }

    /**
     * Capped exponential back-off, without a limit on attempts: an invalidation is never given up.
     *
     * @param initialInterval wait after the first failed attempt
     * @param multiplier growth of the wait per further failure
     * @param maxInterval the cap; also bounds how long a recovered memcached waits to be used again
     */
    public record Retry(
            @DefaultValue("100ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5s") Duration maxInterval) {

        public Retry {
            if (initialInterval.isNegative() || initialInterval.isZero()) {
                throw new IllegalArgumentException("retry.initial-interval must be positive");
            }
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("retry.multiplier must be at least 1");
            }
            if (maxInterval.compareTo(initialInterval) < 0) {
                throw new IllegalArgumentException("retry.max-interval must not be below retry.initial-interval");
            }
        }
    }
}
