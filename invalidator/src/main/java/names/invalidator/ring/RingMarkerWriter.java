package names.invalidator.ring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import names.invalidator.InvalidatorProperties;
import names.invalidator.cache.InvalidationTargets;
import names.memcached.KetamaRing;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.RingMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link RingMarker#KEY} on every node: the rings this invalidator deletes by, so that readers can
 * refuse to fill a cache whose keys it would delete elsewhere. The marker expires when no invalidator
 * renews it; a reader then knows nothing either way (and says so), rather than trusting an old claim.
 *
 * <p>Before renewing, it reads what is there: a line from a ring this instance does not apply means
 * another invalidator with a different configuration marks the same node, which leaves one of the two
 * wrong; that shows as DOWN in health with both rings named.
 */
@Component
public class RingMarkerWriter {

    private static final Logger log = LoggerFactory.getLogger(RingMarkerWriter.class);

    private final InvalidationTargets targets;
    private final InvalidatorProperties properties;
    /** Per node address: what was last seen there, for health. */
    private final Map<String, NodeMarker> status = new ConcurrentHashMap<>();

    RingMarkerWriter(InvalidationTargets targets, InvalidatorProperties properties) {
        this.targets = targets;
        this.properties = properties;
    }

    /** What this instance found and wrote on one node. */
    public record NodeMarker(String written, List<String> foreignLines, String failure) {
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${names.invalidator.ring-marker-interval:10s}")
    void renew() {
        for (Map.Entry<String, List<Target>> node : nodesByAddress().entrySet()) {
            Target first = node.getValue().getFirst();
            List<RingMarker.Line> ours = node.getValue().stream()
                    .map(target -> RingMarker.Line.of(target.ring(), target.node().name())).toList();
            String marker = RingMarker.encode(ours);
            try {
                String current = first.node().client().get(RingMarker.KEY);
                List<String> foreign = RingMarker.decode(current).stream()
                        .filter(line -> !ours.contains(line)).map(RingMarker.Line::toString).toList();
                if (!foreign.isEmpty() && !foreign.equals(foreignLinesOf(node.getKey()))) {
                    log.error("memcached node {} is also marked by an invalidator with another ring: {} (ours: {});"
                            + " readers and invalidators must share one node list", node.getKey(), foreign, marker);
                }
                first.node().client().set(RingMarker.KEY, (int) properties.ringMarkerTtl().toSeconds(), marker);
                status.put(node.getKey(), new NodeMarker(marker, foreign, null));
            } catch (Exception e) {
                // The node is down or paused: its marker stays (or expires), and we renew when it is back.
                status.put(node.getKey(), new NodeMarker(marker, foreignLinesOf(node.getKey()), e.toString()));
            }
        }
    }

    public Map<String, NodeMarker> status() {
        return Map.copyOf(status);
    }

    private List<String> foreignLinesOf(String address) {
        NodeMarker previous = status.get(address);
        return previous == null ? List.of() : previous.foreignLines();
    }

    /** Every node by address: during a migration one node belongs to two pools (rings). */
    private Map<String, List<Target>> nodesByAddress() {
        Map<String, List<Target>> byAddress = new LinkedHashMap<>();
        for (MemcachedNodes pool : targets.pools()) {
            for (MemcachedNode node : pool.nodes()) {
                byAddress.computeIfAbsent(node.address(), address -> new ArrayList<>()).add(new Target(node, pool.ring()));
            }
        }
        return byAddress;
    }

    private record Target(MemcachedNode node, KetamaRing ring) {
    }
}
