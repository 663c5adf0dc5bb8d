package names.invalidator.changes;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import names.contract.cache.CacheKeys;
import names.contract.event.CloudEventHeaders;
import names.contract.event.Heartbeat;
import names.contract.event.HeartbeatCodec;
import names.contract.event.MalformedChangeEventException;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.memcached.KetamaRing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaUtils;

/**
 * What one record of the change topic means to every node's consumer: a heartbeat (with its
 * {@code closedAt}), a change event (with the keys it affects), a poison record (with the reason and the
 * keys it can still invalidate), or an unreadable heartbeat (nothing). Immutable, so that the node consumers
 * of one instance can share it ({@link RecordReader}).
 */
final class RecordRead {

    private static final Logger log = LoggerFactory.getLogger(RecordRead.class);

    enum Kind { HEARTBEAT, UNREADABLE_HEARTBEAT, CHANGE, POISON }

    private final Kind kind;
    private final Instant closedAt;
    private final NameChangeEvent event;
    private final RuntimeException reason;
    private final List<String> keys;
    /** The node of each of {@link #keys} on {@link #ring}: the ring of the consumer that read it. */
    private final KetamaRing ring;
    private final String[] owners;
    // What the record was, so that a shared read is only ever used for the very same record.
    private final long offset;
    private final long timestamp;
    private final String recordKey;
    private final byte[] payload;
    /** How many other consumers have taken this read from the window. */
    private final AtomicInteger taken = new AtomicInteger();

    private RecordRead(Kind kind, Instant closedAt, NameChangeEvent event, RuntimeException reason, List<String> keys,
            KetamaRing ring, ConsumerRecord<String, byte[]> record) {
        this.kind = kind;
        this.closedAt = closedAt;
        this.event = event;
        this.reason = reason;
        this.keys = keys;
        this.ring = ring;
        this.owners = new String[keys.size()];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = ring.nodeFor(keys.get(i));
        }
        this.offset = record.offset();
        this.timestamp = record.timestamp();
        this.recordKey = record.key();
        this.payload = record.value();
    }

    static RecordRead of(ConsumerRecord<String, byte[]> record, KetamaRing ring) {
        if (isHeartbeat(record)) {
            try {
                Instant closedAt = HeartbeatCodec.decode(record.value()).closedAt();
                return new RecordRead(Kind.HEARTBEAT, closedAt, null, null, List.of(), ring, record);
            } catch (MalformedChangeEventException e) {
                // Not a change: nothing to delete, and no reason to dead-letter. It just vouches for nothing.
                log.warn("ignoring unreadable heartbeat {}: {}", KafkaUtils.format(record), e.getMessage());
                return new RecordRead(Kind.UNREADABLE_HEARTBEAT, null, null, null, List.of(), ring, record);
            }
        }
        try {
            NameChangeEvent event = NameChangeEventCodec.decode(record.value());
            return new RecordRead(Kind.CHANGE, null, event, null, CacheKeys.affectedBy(event), ring, record);
        } catch (MalformedChangeEventException | IllegalArgumentException e) {
            return new RecordRead(Kind.POISON, null, null, e, PoisonRecord.of(record).invalidated(), ring, record);
        }
    }

    /** By its header; a record without one is checked by payload only when it has no key (events always do). */
    static boolean isHeartbeat(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type != null) {
            return Heartbeat.isHeartbeatType(type.value());
        }
        return record.key() == null && HeartbeatCodec.isHeartbeat(record.value());
    }

    /**
     * Whether this was read from {@code record}: the same offset (the caller keeps reads per partition),
     * timestamp, key and payload bytes. A topic deleted and created again reuses offsets; its records
     * never get another record's read.
     */
    boolean isOf(ConsumerRecord<String, byte[]> record) {
        return offset == record.offset() && timestamp == record.timestamp() && Objects.equals(recordKey, record.key())
                && Arrays.equals(payload, record.value());
    }

    /** Counts one more consumer that took this read from the window; returns how many have. */
    int take() {
        return taken.incrementAndGet();
    }

    Kind kind() {
        return kind;
    }

    /** @return the heartbeat's {@code closedAt} (HEARTBEAT only) */
    Instant closedAt() {
        return closedAt;
    }

    /** @return the change (CHANGE only) */
    NameChangeEvent event() {
        return event;
    }

    /** @return why the record is poison (POISON only) */
    RuntimeException reason() {
        return reason;
    }

    /** Adds the keys to delete that {@code ring} places on {@code node}. */
    void addOwned(Set<String> into, KetamaRing ring, String node) {
        for (int i = 0; i < owners.length; i++) {
            String owner = ring == this.ring ? owners[i] : ring.nodeFor(keys.get(i));
            if (owner.equals(node)) {
                into.add(keys.get(i));
            }
        }
    }
}
