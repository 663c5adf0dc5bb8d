package names.tools.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import names.memcached.KetamaRing;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.MemcachedPoolSettings;
import names.memcached.RingMarker;
import names.testsupport.SharedContainers;
import names.tools.lag.SentinelPoller.Gone;
import names.tools.lag.SentinelPoller.Outcome;
import names.tools.lag.SentinelPoller.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lag benchmark's sentinels on two real memcached nodes, through names-memcached's per-node clients.
 * The shared nodes carry no ring marker for this test's ring, so sentinels go on every node unless a test
 * writes markers first.
 */
class SentinelNodesTest {

    private MemcachedNodes pool;
    private SentinelNodes sentinels;
    private final String key = "names:v1:test:" + UUID.randomUUID();

    @BeforeEach
    void connect() {
        List<String> servers = List.of("node-a=" + SharedContainers.address(SharedContainers.memcachedNodes().get(0)),
                "node-b=" + SharedContainers.address(SharedContainers.memcachedNodes().get(1)));
        pool = MemcachedNodes.connect(MemcachedPoolSettings.of("sentinels-test", servers)
                .withOperationTimeout(Duration.ofSeconds(2)));
        pool.nodes().forEach(node -> deleteMarker(node));
        sentinels = new SentinelNodes(pool);
    }

    private static void deleteMarker(MemcachedNode node) {
        try {
            node.client().delete(RingMarker.KEY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the invalidator keeps on every node it serves, here for the given ring. */
    private void markEveryNode(KetamaRing ring) throws Exception {
        for (MemcachedNode node : pool.nodes()) {
            node.client().set(RingMarker.KEY, 60, RingMarker.encode(node.name(), List.of(ring)));
        }
    }

    @AfterEach
    void close() {
        pool.nodes().forEach(node -> deleteMarker(node));
        sentinels.close();
    }

    @Test
    void aSentinelIsPlacedOnEveryNodeAndItsLeftoversRemovedAfterTheOwnerDeletedIt() throws Exception {
        sentinels.place(key, "L:bench-1");

        assertThat(sentinels.size()).isEqualTo(2);
        for (int node = 0; node < 2; node++) {
            assertThat(sentinels.getAll(node, List.of(key, key + ":absent"))).containsExactly(entry(key, "L:bench-1"));
        }

        pool.nodeFor(key).client().delete(key); // what the invalidator does, on the owner only
        sentinels.removeLeftovers(key, "L:bench-1");

        for (int node = 0; node < 2; node++) {
            assertThat(sentinels.getAll(node, List.of(key))).isEmpty();
        }
    }

    @Test
    void leftoverRemovalLeavesAValueThatIsNotItsSentinelAlone() throws Exception {
        sentinels.place(key, "L:bench-1");
        pool.node("node-a").client().set(key, 60, "a reader's fill");

        sentinels.removeLeftovers(key, "L:bench-1");

        assertThat(pool.node("node-a").client().<String>get(key)).isEqualTo("a reader's fill");
        assertThat(pool.node("node-b").client().<String>get(key)).isNull();
    }

    @Test
    void thePollerCreditsTheNodeWhereTheSentinelVanished() throws Exception {
        sentinels.place(key, "L:bench-2");
        try (SentinelPoller poller = SentinelPoller.start(sentinels, Duration.ofMillis(1), Duration.ofSeconds(30))) {
            long now = System.nanoTime();
            var outcome = poller.watch(new Sample(key, "L:bench-2", now, now));

            pool.node("node-b").client().delete(key);

            Outcome done = outcome.get(30, TimeUnit.SECONDS);
            assertThat(done).isInstanceOfSatisfying(Gone.class,
                    gone -> assertThat(sentinels.address(gone.node())).isEqualTo(pool.node("node-b").address()));
        } finally {
            sentinels.removeLeftovers(key, "L:bench-2");
        }
    }

    @Test
    void withTheInvalidatorsRingMarkedOnEveryNodeASentinelGoesOnTheOwnerOnly() throws Exception {
        markEveryNode(pool.ring());
        try (SentinelNodes owners = new SentinelNodes(MemcachedNodes.connect(pool.settings()))) {
            owners.place(key, "L:bench-3");

            assertThat(owners.placement()).startsWith("on the owning node only");
            MemcachedNode owner = pool.nodeFor(key);
            for (MemcachedNode node : pool.nodes()) {
                assertThat(node.client().<String>get(key)).as(node.toString())
                        .isEqualTo(node == owner ? "L:bench-3" : null);
            }

            owners.removeLeftovers(key, "L:bench-3");
            assertThat(owner.client().<String>get(key)).isNull();
        }
    }

    @Test
    void aMarkerOfAnotherRingPutsSentinelsOnEveryNode() throws Exception {
        markEveryNode(new KetamaRing(List.of("node-a", "node-b", "node-c")));
        try (SentinelNodes unsure = new SentinelNodes(MemcachedNodes.connect(pool.settings()))) {
            unsure.place(key, "L:bench-4");

            assertThat(unsure.placement()).startsWith("on every node").contains("DISAGREES");
            for (MemcachedNode node : pool.nodes()) {
                assertThat(node.client().<String>get(key)).as(node.toString()).isEqualTo("L:bench-4");
            }
            unsure.removeLeftovers(key, "L:bench-4");
        }
    }
}
