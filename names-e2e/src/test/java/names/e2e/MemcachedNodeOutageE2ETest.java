package names.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.tools.check.Drain;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * One memcached node paused or stopped on the real compose stack: names whose keys live on the other node
 * stay fresh through the api meanwhile, and the sick node's backlog is applied in full when it is back.
 */
class MemcachedNodeOutageE2ETest extends E2ETestBase {

    private static final String NODE_1 = ComposeStack.memcachedNodeName(ComposeStack.MEMCACHED_1);
    private static final String NODE_2 = ComposeStack.memcachedNodeName(ComposeStack.MEMCACHED_2);
    private static final Duration RESTART = Duration.ofMinutes(3);

    @Test
    void whileOneNodeIsPausedDuring100WritesTheOtherNodesNamesAreFreshAndEverythingConvergesAfterServiceRestarts()
            throws Exception {
        Map<String, List<String>> byNode = namesByNode(50);
        List<String> all = byNode.values().stream().flatMap(List::stream).toList();
        Map<String, Long> versions = createAndCache(all);

        stack.pause(ComposeStack.MEMCACHED_2);
        try {
            long start = System.nanoTime();
            for (String nconst : all) {
                versions.put(nconst, replace(name(nconst, "Changed while memcached-2 is paused", 1941)).version());
            }
            await("names on memcached-1 fresh through the api while memcached-2 is paused").atMost(PROPAGATION)
                    .untilAsserted(() -> {
                        for (String nconst : byNode.get(NODE_1)) {
                            assertThat(api.get(nconst).version()).as(nconst).isEqualTo(versions.get(nconst));
                        }
                    });
            System.out.printf("memcached-1's %d names were fresh %d ms after the first of 100 writes, memcached-2 paused%n",
                    byNode.get(NODE_1).size(), Duration.ofNanos(System.nanoTime() - start).toMillis());
            // The api would also answer fresh values through the staleness bound alone; what proves the nodes
            // independent is the invalidator: memcached-1's group has applied every write, memcached-2's not.
            try (Admin admin = Admin.create(Drain.adminConfig(stack.kafkaBootstrap()))) {
                await("change log relayed").atMost(PROPAGATION).until(() ->
                        stack.psql("SELECT count(*) FROM name_changes_pending").equals("0"));
                Map<TopicPartition, Long> ends = Drain.endOffsets(admin);
                await("memcached-1's consumer group applied every write").atMost(PROPAGATION)
                        .until(() -> committedUpTo(admin, NODE_1, ends));
                System.out.printf("memcached-1's group committed every write %d ms after the first of them%n",
                        Duration.ofNanos(System.nanoTime() - start).toMillis());
                assertThat(committedUpTo(admin, NODE_2, ends)).as("memcached-2's group, its node paused").isFalse();
            }
            // memcached-1's entries themselves were deleted (the api reading PostgreSQL proves nothing there)
            for (String nconst : byNode.get(NODE_1)) {
                assertThat(entry(NODE_1, nconst)).as(nconst).satisfiesAnyOf(
                        entry -> assertThat(entry).isNull(),
                        entry -> assertThat(entry).isInstanceOfSatisfying(CacheEntry.Found.class,
                                found -> assertThat(found.version()).isEqualTo(versions.get(nconst))),
                        entry -> assertThat(entry).isInstanceOf(CacheEntry.Lease.class));
            }

            // The invalidator restarts while the node is still paused: its backlog is in Kafka, not in memory.
            stack.stop(ComposeStack.INVALIDATOR);
            stack.start(ComposeStack.INVALIDATOR);
            await("invalidator healthy again").atMost(RESTART)
                    .until(() -> "healthy".equals(stack.health(ComposeStack.INVALIDATOR)));

            // So does the api. The compose file starts both once memcached has started, not once it is healthy:
            // a node that does not answer at start must be a down node to them, not a failed start.
            stack.stop(ComposeStack.API);
            stack.start(ComposeStack.API);
            await("api healthy again, memcached-2 still paused").atMost(RESTART)
                    .until(() -> "healthy".equals(stack.health(ComposeStack.API)));
            for (String nconst : all) {
                assertThat(api.get(nconst).version()).as(nconst + " through the restarted api")
                        .isEqualTo(versions.get(nconst));
            }
        } finally {
            stack.unpause(ComposeStack.MEMCACHED_2);
        }

        // The test's own client to memcached-2 may still be reconnecting after the pause: retry its errors too.
        await("memcached-2 got every delete it missed").atMost(PROPAGATION).ignoreExceptions().untilAsserted(() -> {
            for (String nconst : byNode.get(NODE_2)) {
                CacheEntry entry = entry(NODE_2, nconst);
                long cachedVersion = entry instanceof CacheEntry.Found found ? found.version() : versions.get(nconst);
                assertThat(cachedVersion).as(nconst).isEqualTo((long) versions.get(nconst));
            }
        });
        awaitPipelineIdle();
        for (String nconst : all) {
            assertThat(api.get(nconst).version()).as(nconst).isEqualTo(versions.get(nconst));
        }
    }

    @Test
    void aNodeStoppedForAMinuteLeavesTheOtherNodeUnaffectedAndKeepsBeingInvalidatedWhenItReturns() throws Exception {
        Map<String, List<String>> byNode = namesByNode(6);
        List<String> all = byNode.values().stream().flatMap(List::stream).toList();
        Map<String, Long> versions = createAndCache(all);

        stack.stop(ComposeStack.MEMCACHED_2);
        try {
            long stoppedAt = System.nanoTime();
            int round = 0;
            while (System.nanoTime() - stoppedAt < Duration.ofMinutes(1).toNanos()) {
                for (String nconst : all) {
                    versions.put(nconst, replace(name(nconst, "Round " + round + " without memcached-2", 1942)).version());
                }
                await("memcached-1's names fresh in round " + round).atMost(PROPAGATION).untilAsserted(() -> {
                    for (String nconst : byNode.get(NODE_1)) {
                        assertThat(api.get(nconst).version()).as(nconst).isEqualTo(versions.get(nconst));
                    }
                });
                round++;
            }
            System.out.printf("%d rounds of writes in the minute memcached-2 was stopped; memcached-1 fresh in each%n", round);
        } finally {
            stack.start(ComposeStack.MEMCACHED_2);
        }
        await("memcached-2 healthy").atMost(RESTART).until(() -> "healthy".equals(stack.health(ComposeStack.MEMCACHED_2)));

        // Back (empty): its consumer group catches up, then the node is cached and invalidated like before.
        awaitPipelineIdle();
        for (String nconst : byNode.get(NODE_2)) {
            ChangePropagationE2ETest.awaitCachedVersion(nconst, versions.get(nconst));
            long next = replace(name(nconst, "After memcached-2 returned", 1943)).version();
            await(nconst + " invalidated on the returned node").atMost(PROPAGATION)
                    .until(() -> api.get(nconst).version() == next);
        }
    }

    /** Whether the invalidator's group of one node committed at least {@code ends} on every partition. */
    private static boolean committedUpTo(Admin admin, String node, Map<TopicPartition, Long> ends) throws Exception {
        String group = INVALIDATOR_GROUP + ".main." + node.replaceAll("[^A-Za-z0-9._-]", "_");
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || (committed.get(end.getKey()) != null
                && committed.get(end.getKey()).offset() >= end.getValue()));
    }

    /** Fresh names, {@code perNode} of them whose record keys the services' ring puts on each node. */
    private static Map<String, List<String>> namesByNode(int perNode) {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        byNode.put(NODE_1, new ArrayList<>());
        byNode.put(NODE_2, new ArrayList<>());
        while (byNode.values().stream().anyMatch(names -> names.size() < perNode)) {
            String nconst = newNconst();
            List<String> names = byNode.get(memcached.ring().nodeFor(CacheKeys.name(nconst)));
            if (names.size() < perNode) {
                names.add(nconst);
            }
        }
        return byNode;
    }

    private static Map<String, Long> createAndCache(List<String> nconsts) throws Exception {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String nconst : nconsts) {
            versions.put(nconst, create(name(nconst, "Node outage name", 1940)).version());
        }
        awaitPipelineIdle();
        versions.forEach(ChangePropagationE2ETest::awaitCachedVersion);
        return versions;
    }

    /** The entry for a name's record key on one node, read from that node directly; null if none. */
    private static CacheEntry entry(String node, String nconst) {
        String value = get(memcached.node(node), CacheKeys.name(nconst));
        return value == null ? null : CacheEntryCodec.decode(value);
    }
}
