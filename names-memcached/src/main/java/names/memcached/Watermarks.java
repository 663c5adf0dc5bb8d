package names.memcached;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far a node's invalidations are known to be complete, kept on each node itself (never routed).
 *
 * <p>The invalidator's consumer for a node writes {@code <prefix><ring fingerprint>:<partition>} = T on
 * that node once it has applied (memcached acknowledged) every delete of that partition of the change topic
 * up to a relay heartbeat promising "every change committed before T is ahead of me". The node's
 * watermark W is the minimum over all partitions: every commit before W has had its deletes applied on the
 * node. A partition without a key means "unknown", so W is unknown.
 *
 * <p>Per ring (the fingerprint): during a node migration two rings, served by different consumer groups,
 * place different keys on a shared node; each group vouches only for its own ring's keys. Per partition:
 * invalidator instances split the partitions, each vouching only for the ones it consumes.
 */
public final class Watermarks {

    /** Never routed through the ring: read and written on each node directly. */
    public static final String PREFIX = "names:v1:watermark:";

    private Watermarks() {
    }

    public static String key(KetamaRing ring, int partition) {
        return PREFIX + ring.fingerprint() + ":" + partition;
    }

    public static List<String> keys(KetamaRing ring, int partitions) {
        List<String> keys = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            keys.add(key(ring, p));
        }
        return List.copyOf(keys);
    }

    /** Epoch microseconds in decimal: PostgreSQL's precision, and cheap to compare. */
    public static String encode(Instant closedAt) {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, closedAt));
    }

    /** @return null if the value is absent or unreadable (counts as unknown) */
    public static Instant decode(String value) {
        if (value == null || value.isEmpty() || value.length() > 19) {
            return null;
        }
        try {
            long micros = Long.parseLong(value);
            return micros < 0 ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The node's watermark from its per-partition values (as a multi-get returns them): the minimum, or
     * null if any partition is missing or unreadable.
     */
    public static Instant nodeWatermark(KetamaRing ring, int partitions, Map<String, String> values) {
        Instant min = null;
        for (int p = 0; p < partitions; p++) {
            Instant closed = decode(values == null ? null : values.get(key(ring, p)));
            if (closed == null) {
                return null;
            }
            if (min == null || closed.isBefore(min)) {
                min = closed;
            }
        }
        return min;
    }
}
