package names.memcached;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the invalidator tells readers, on each node itself, which ring it deletes by.
 *
 * <p>A reader and an invalidator configured with different node lists (or names) map some keys to
 * different nodes: the reader fills a key on one node and the delete goes to another, and the entry stays
 * stale until its TTL, with nothing failing. So the invalidator keeps {@link #KEY} on every node it
 * serves, listing one line per ring that includes the node: {@code <fingerprint> <node name> <all node
 * names>}. A reader checks, node by node, that its own ring and its own name for that node are listed.
 * Written on the node itself (not routed by a ring), it also catches two nodes whose addresses were
 * swapped between the services' configurations.
 */
public final class RingMarker {

    /** Never routed through the ring: read and written on each node directly. */
    public static final String KEY = "names:v1:ring";

    private RingMarker() {
    }

    /** One ring that includes a node, as the invalidator applies it there. */
    public record Line(String fingerprint, String node, List<String> nodes) {

        public Line {
            nodes = List.copyOf(nodes);
        }

        public static Line of(KetamaRing ring, String node) {
            return new Line(ring.fingerprint(), node, ring.nodes());
        }

        @Override
        public String toString() {
            return fingerprint + " " + node + " " + String.join(",", nodes);
        }
    }

    /** What a reader concluded about one node. */
    public enum Agreement {
        /** The node's marker lists the reader's ring under the reader's name for the node. */
        AGREES,
        /** No marker: no invalidator has marked the node yet (or the node restarted empty). */
        UNKNOWN,
        /** A marker exists and does not list the reader's ring with that node name. */
        DISAGREES
    }

    public static String encode(Collection<Line> lines) {
        return lines.stream().map(Line::toString).sorted().distinct().collect(Collectors.joining("\n"));
    }

    /** The marker value for one node, given every ring (pool) that includes it. */
    public static String encode(String node, Collection<KetamaRing> rings) {
        return encode(rings.stream().map(ring -> Line.of(ring, node)).toList());
    }

    /** Lines that do not parse are skipped: they come from a newer or broken writer and agree with nothing. */
    public static List<Line> decode(String value) {
        List<Line> lines = new ArrayList<>();
        if (value == null) {
            return lines;
        }
        for (String line : value.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3) {
                lines.add(new Line(parts[0], parts[1], List.of(parts[2].split(","))));
            }
        }
        return lines;
    }

    public static Agreement check(String value, KetamaRing ring, String node) {
        if (value == null) {
            return Agreement.UNKNOWN;
        }
        return decode(value).stream().anyMatch(line -> line.fingerprint().equals(ring.fingerprint())
                && line.node().equals(node)) ? Agreement.AGREES : Agreement.DISAGREES;
    }
}
