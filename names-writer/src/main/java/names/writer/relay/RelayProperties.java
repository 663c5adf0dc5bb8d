package names.writer.relay;

import java.time.Duration;

import names.contract.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay's knobs ({@code names.writer.relay.*}).
 *
 * @param enabled false in the bulk import, which only writes Postgres
 * @param batchSize rows published per cycle (one transaction). Only a backlog fills a batch; there, each
 *     cycle's fixed cost (the transaction, the scan, the wait for Kafka's acks, the mark) is spread over the
 *     batch: draining a million changes took 37 s with 500, 29 s with 2000 and 26 s with 5000 on a 2-core
 *     machine (CPU per change, all containers: 60, 49 and 44 µs)
 * @param pollInterval how often the relay looks for pending rows without a notification: the bound on
 *     the extra delay when a notification is missed (e.g. while the listener reconnects)
 * @param maxIdlePoll the longest pause between polls while there is nothing to publish (each empty poll
 *     doubles it from {@code pollInterval}); also how soon a standby notices the lock is free when no
 *     write wakes it
 * @param minBackoff first pause after a failed cycle; doubles up to {@code maxBackoff}
 * @param retention how long published rows stay in the change log after their commit (for audits and replays)
 * @param purgeInterval how often published rows committed longer ago than the retention are purged
 * @param purgeBatchSize rows deleted per purge statement, so a purge never holds long locks
 * @param topicPartitions partitions of the change topic when the relay creates it; with heartbeats on it must be
 *     the contract's {@link Topics#NAME_CHANGES_PARTITIONS}, the partitions readers take the watermark over
 * @param deliveryTimeout producer {@code delivery.timeout.ms}: how long a send may take before it fails
 * @param requestTimeout producer {@code request.timeout.ms}
 * @param maxBlock producer {@code max.block.ms}: how long {@code send()} may wait for metadata when Kafka is
 *     unreachable
 * @param idleInTransactionTimeout PostgreSQL's {@code idle_in_transaction_session_timeout} for the relay's
 *     transaction: how long an active relay that stopped answering (paused, or cut off from the network)
 *     keeps the relay lock before PostgreSQL ends its session and a standby takes over. Without it the
 *     lock is held until TCP gives up on the dead peer, hours with Linux defaults. It must exceed
 *     {@link #publishTimeout()}, the longest a healthy relay sits idle in that transaction while it waits
 *     for Kafka, or an outage of Kafka would get a healthy relay's sessions killed.
 * @param heartbeatInterval how often the relay closes the change log up to a database time and tells every
 *     partition so (a {@link names.contract.event.Heartbeat}), also while idle; readers bound staleness by
 *     it. Stretched to ten times the last pending scan so that scanning never takes more than about a tenth
 *     of the time (a big import makes the scan slow). {@code 0} turns heartbeats off: readers then only
 *     trust entries younger than their bound.
 */
@ConfigurationProperties("names.writer.relay")
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("8s") Duration maxIdlePoll,
        @DefaultValue("10s") Duration statsInterval,
        @DefaultValue("100ms") Duration minBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("10000") int purgeBatchSize,
        @DefaultValue("" + Topics.NAME_CHANGES_PARTITIONS) int topicPartitions,
        @DefaultValue("1") short topicReplicationFactor,
        @DefaultValue("10s") Duration deliveryTimeout,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("5s") Duration maxBlock,
        @DefaultValue("30s") Duration idleInTransactionTimeout,
        @DefaultValue("100ms") Duration heartbeatInterval) {

    public RelayProperties {
        if (batchSize < 1 || purgeBatchSize < 1) {
            throw new IllegalArgumentException("batch sizes must be positive");
        }
        if (maxIdlePoll.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("names.writer.relay.max-idle-poll must be at least poll-interval");
        }
        if (deliveryTimeout.compareTo(requestTimeout.plus(OutboxPublisher.LINGER)) < 0) {
            // The producer itself refuses this combination, but only when it is first created, in the relay.
            throw new IllegalArgumentException("names.writer.relay.delivery-timeout must be at least request-timeout"
                    + " + " + OutboxPublisher.LINGER.toMillis() + "ms");
        }
        if (heartbeatInterval.isPositive() && topicPartitions != Topics.NAME_CHANGES_PARTITIONS) {
            // Readers prove freshness over exactly the contract's partitions (the minimum of their watermarks).
            throw new IllegalArgumentException("names.writer.relay.topic-partitions must be "
                    + Topics.NAME_CHANGES_PARTITIONS + " (the contract's) while heartbeats are on: readers take the"
                    + " watermark over exactly those partitions");
        }
        if (heartbeatInterval.isNegative() || (!heartbeatInterval.isZero() && heartbeatInterval.toMillis() < 10)) {
            throw new IllegalArgumentException("names.writer.relay.heartbeat-interval must be 0 (off) or at least 10ms");
        }
        Duration publishTimeout = publishTimeout(maxBlock, deliveryTimeout);
        if (idleInTransactionTimeout.compareTo(publishTimeout) <= 0) {
            throw new IllegalArgumentException("names.writer.relay.idle-in-transaction-timeout ("
                    + idleInTransactionTimeout + ") must exceed the longest wait for Kafka inside the relay's"
                    + " transaction, 2 x max-block + delivery-timeout (" + publishTimeout + ")");
        }
    }

    public boolean heartbeatsEnabled() {
        return !heartbeatInterval.isZero();
    }

    /**
     * The most one publish may take, which the publisher enforces: creating the topic (up to
     * {@code maxBlock}), {@code send()} waiting for metadata (up to {@code maxBlock}), then the
     * acknowledgements (up to {@code deliveryTimeout} after the send).
     */
    public Duration publishTimeout() {
        return publishTimeout(maxBlock, deliveryTimeout);
    }

    private static Duration publishTimeout(Duration maxBlock, Duration deliveryTimeout) {
        return maxBlock.multipliedBy(2).plus(deliveryTimeout);
    }
}
