package names.contract.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A promise from the relay about one partition of the change topic: every transaction that committed
 * before {@code closedAt} (database time) has its change event on this partition AHEAD of this record, or
 * on another partition (its key's). A consumer that has applied everything on the partition up to this
 * record is therefore complete up to {@code closedAt} for that partition.
 *
 * <p>Published to every partition with an explicit partition number and a null key; recognised without
 * parsing by its {@code ce_type} header ({@link #TYPE}), and by its JSON {@code type} otherwise. It is not a
 * change event: consumers must neither apply nor dead-letter it.
 *
 * @param schemaVersion the JSON schema version ({@link #SCHEMA_VERSION} or newer; newer ones only add fields)
 * @param partition the partition it was sent to (informative: the consumer trusts the partition it read it from)
 * @param closedAt database time up to which the partition is complete
 * @param sentAt the relay's wall clock when it sent the heartbeat (for measuring delay and skew)
 */
public record Heartbeat(int schemaVersion, int partition, Instant closedAt, Instant sentAt) {

    public static final int SCHEMA_VERSION = 1;
    /** {@code ce_type} header and JSON {@code type} of a heartbeat. */
    public static final String TYPE = "names.heartbeat";
    private static final byte[] TYPE_BYTES = TYPE.getBytes(StandardCharsets.UTF_8);

    public Heartbeat {
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(sentAt, "sentAt");
        if (schemaVersion < SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + schemaVersion);
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0");
        }
    }

    public static Heartbeat of(int partition, Instant closedAt, Instant sentAt) {
        return new Heartbeat(SCHEMA_VERSION, partition, closedAt, sentAt);
    }

    /** Whether a record's {@code ce_type} header (null if absent) marks a heartbeat. */
    public static boolean isHeartbeatType(String ceType) {
        return TYPE.equals(ceType);
    }

    /**
     * The same for the header's raw value, without decoding it: the only UTF-8 bytes that decode to
     * {@link #TYPE} are its own. Every node's consumer asks this of every record.
     */
    public static boolean isHeartbeatType(byte[] ceType) {
        return Arrays.equals(TYPE_BYTES, ceType);
    }
}
