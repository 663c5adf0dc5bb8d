package names.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import net.rubyeye.xmemcached.HashAlgorithm;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.transcoders.StringTranscoder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/** names-memcached against two real memcached nodes: the ring, per-node access, one node failing alone. */
class MemcachedNodesTest {

    private final List<String> servers = SharedContainers.memcachedNodes().stream().map(SharedContainers::address).toList();

    /**
     * Earlier releases routed keys with xmemcached's own ketama over the same server list. During a rolling
     * deploy an old api and a new invalidator must still agree on every key's node.
     */
    @Test
    void keysLiveWhereXmemcachedsKetamaPutThem() throws Exception {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(String.join(" ", servers)));
        builder.setSessionLocator(new KetamaMemcachedSessionLocator(HashAlgorithm.KETAMA_HASH, false, true));
        builder.setCommandFactory(new TextCommandFactory());
        builder.setTranscoder(new StringTranscoder("UTF-8"));
        builder.setOpTimeout(TestMemcachedClients.TIMEOUT.toMillis());
        MemcachedClient xmemcachedRing = builder.build();
        try (MemcachedNodes pool = TestMemcachedClients.pool("ring", servers)) {
            List<String> keys = IntStream.range(0, 200).mapToObj(i -> "ring-test:nm" + (7_000_000 + i)).toList();
            for (String key : keys) {
                assertThat(xmemcachedRing.set(key, 60, "v")).isTrue();
            }
            for (String key : keys) {
                MemcachedNode owner = pool.nodeFor(key);
                for (MemcachedNode node : pool.nodes()) {
                    assertThat(node.client().<String>get(key)).as("%s on %s", key, node)
                            .isEqualTo(node == owner ? "v" : null);
                }
                owner.client().delete(key);
            }
        } finally {
            xmemcachedRing.shutdown();
        }
    }

    @Test
    void aPausedNodeFailsItsOwnKeysWhileTheOtherNodeKeepsAnswering() throws Exception {
        GenericContainer<?> second = SharedContainers.memcachedNodes().get(1);
        try (MemcachedNodes pool = TestMemcachedClients.pool("failure", servers)) {
            MemcachedNode healthy = pool.node(servers.get(0));
            MemcachedNode paused = pool.node(servers.get(1));
            SharedContainers.pause(second);
            try {
                assertThat(healthy.client().set("failure-test", 60, "ok")).isTrue();
                assertThat(healthy.client().<String>get("failure-test")).isEqualTo("ok");
                assertThatThrownBy(() -> paused.client().get("failure-test", 200))
                        .isInstanceOfAny(TimeoutException.class, MemcachedException.class);
            } finally {
                SharedContainers.unpause(second);
            }
            healthy.client().delete("failure-test");
        }
    }
}
