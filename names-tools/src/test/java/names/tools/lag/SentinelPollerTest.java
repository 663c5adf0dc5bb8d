package names.tools.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import names.tools.lag.SentinelPoller.Gone;
import names.tools.lag.SentinelPoller.Outcome;
import names.tools.lag.SentinelPoller.Sample;
import names.tools.lag.SentinelPoller.TimedOut;
import org.junit.jupiter.api.Test;

/** Drives {@link SentinelPoller#pollOnce()} by hand against two in-memory "nodes" and a fake clock. */
class SentinelPollerTest {

    /** Every read advances the clock by this much: a node's reply arrives at the time after its read. */
    private static final long READ_NANOS = 100;

    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<Map<String, String>> nodes = List.of(new HashMap<>(), new HashMap<>());
    private final List<List<String>> reads = new ArrayList<>();
    private final SentinelPoller poller = new SentinelPoller(2, this::read, SentinelPoller.Placement.EVERY_NODE,
            Duration.ofMillis(1), Duration.ofNanos(10_000), clock::get);

    private Map<String, String> read(int node, Collection<String> keys) {
        reads.add(List.copyOf(keys));
        clock.addAndGet(READ_NANOS);
        Map<String, String> found = new HashMap<>();
        keys.forEach(k -> {
            if (nodes.get(node).containsKey(k)) {
                found.put(k, nodes.get(node).get(k));
            }
        });
        return found;
    }

    private CompletableFuture<Outcome> place(String key, String sentinel) {
        nodes.forEach(n -> n.put(key, sentinel));
        return poller.watch(new Sample(key, sentinel, clock.get() - 500, clock.get()));
    }

    @Test
    void onePollIsOneMultiGetPerNodeForAllAwaitedSentinels() throws Exception {
        CompletableFuture<Outcome> a = place("a", "L:1");
        CompletableFuture<Outcome> b = place("b", "L:2");

        poller.pollOnce();

        assertThat(reads).containsExactly(List.of("a", "b"), List.of("a", "b"));
        assertThat(a).isNotDone();
        assertThat(b).isNotDone();
    }

    @Test
    void aSentinelGoneFromANodeCompletesAtThatNodesReplyAndCreditsIt() throws Exception {
        CompletableFuture<Outcome> a = place("a", "L:1");
        CompletableFuture<Outcome> b = place("b", "L:2");
        poller.pollOnce();
        long pollStart = clock.get();
        nodes.get(1).remove("a");      // deleted on node 1
        nodes.get(0).put("b", "real");  // replaced on node 0: gone too

        poller.pollOnce();

        assertThat(a.getNow(null)).isEqualTo(new Gone(new Sample("a", "L:1", 500, 1_000), 1,
                pollStart + 2 * READ_NANOS, false));
        assertThat(b.getNow(null)).isEqualTo(new Gone(new Sample("b", "L:2", 500, 1_000), 0,
                pollStart + READ_NANOS, false));
        assertThat(reads.subList(2, reads.size())).as("node 1 is not asked about b any more")
                .containsExactly(List.of("a", "b"), List.of("a"));
    }

    @Test
    void goneAtTheFirstLookIsFlaggedAndCompletedSamplesAreNotAskedForAgain() throws Exception {
        CompletableFuture<Outcome> a = poller.watch(new Sample("a", "L:1", 0, 1_000)); // never placed

        poller.pollOnce();
        poller.pollOnce();

        assertThat(a.getNow(null)).isInstanceOfSatisfying(Gone.class, g -> {
            assertThat(g.atFirstLook()).isTrue();
            assertThat(g.node()).isZero();
        });
        assertThat(reads).containsExactly(List.of("a"));
    }

    @Test
    void aSentinelStillEverywhereAfterTheTimeoutCompletesAsTimedOut() throws Exception {
        CompletableFuture<Outcome> a = place("a", "L:1");
        poller.pollOnce();
        clock.set(1_000 + 10_000 - 2 * READ_NANOS); // the next poll ends exactly at the deadline: not yet
        poller.pollOnce();
        assertThat(a).isNotDone();

        poller.pollOnce();

        assertThat(a.getNow(null)).isEqualTo(new TimedOut(new Sample("a", "L:1", 500, 1_000),
                1_000 + 10_000 + 2 * READ_NANOS));
    }

    @Test
    void aFailingNodeIsSkippedForThatPollAndCounted() throws Exception {
        nodes.get(1).put("a", "L:1"); // gone from node 0 only, and node 0 cannot be read
        SentinelPoller flaky = new SentinelPoller(2, (node, keys) -> {
            if (node == 0) {
                throw new IllegalStateException("node 0 down");
            }
            return read(node, keys);
        }, SentinelPoller.Placement.EVERY_NODE, Duration.ofMillis(1), Duration.ofSeconds(1), clock::get);
        CompletableFuture<Outcome> a = flaky.watch(new Sample("a", "L:1", 500, 1_000));

        flaky.pollOnce();

        assertThat(a).as("an unreadable node is not taken for one without the sentinel").isNotDone();
        assertThat(flaky.readErrors()).isEqualTo(1);
    }

    @Test
    void withOwnersOnlyEachNodeIsAskedForItsOwnSentinelsAndOthersNodesCopiesDoNotCount() throws Exception {
        // "a" lives on node 0, "b" on node 1; node 1 has no copy of "a" (it is not the owner), which must not
        // read as "a" gone.
        SentinelPoller owners = new SentinelPoller(2, this::read, (node, key) -> node == (key.equals("a") ? 0 : 1),
                Duration.ofMillis(1), Duration.ofSeconds(1), clock::get);
        nodes.get(0).put("a", "L:1");
        nodes.get(1).put("b", "L:2");
        CompletableFuture<Outcome> a = owners.watch(new Sample("a", "L:1", 500, 1_000));
        CompletableFuture<Outcome> b = owners.watch(new Sample("b", "L:2", 500, 1_000));

        owners.pollOnce();

        assertThat(reads).containsExactly(List.of("a"), List.of("b"));
        assertThat(a).isNotDone();
        assertThat(b).isNotDone();

        nodes.get(1).remove("b");
        owners.pollOnce();

        assertThat(b.getNow(null)).isInstanceOfSatisfying(Gone.class, g -> assertThat(g.node()).isEqualTo(1));
        assertThat(a).isNotDone();
        assertThat(reads.subList(2, reads.size())).as("a node with no awaited sentinel of its own is not asked")
                .containsExactly(List.of("a"), List.of("b"));

        owners.pollOnce();

        assertThat(reads.subList(4, reads.size())).containsExactly(List.of("a"));
    }
}
