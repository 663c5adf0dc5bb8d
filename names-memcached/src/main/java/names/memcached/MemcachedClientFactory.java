package names.memcached;

import java.io.IOException;
import java.io.UncheckedIOException;

import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.transcoders.StringTranscoder;
import net.rubyeye.xmemcached.utils.AddrUtil;

/**
 * Builds the xmemcached client for ONE node. Routing keys to nodes is {@link KetamaRing}'s job, not
 * xmemcached's: a multi-server xmemcached client builds its ring from the nodes it managed to connect to,
 * so a node that was down when the client started would have no place in it and its keys would silently
 * hash elsewhere. One client per node also makes each node's failures its own (timeouts, breakers,
 * retries), so one sick node never holds back the others.
 */
final class MemcachedClientFactory {

    private MemcachedClientFactory() {
    }

    static MemcachedClient connect(String poolName, MemcachedNodeSpec node, MemcachedPoolSettings settings) {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(node.address()));
        // A node that is down fails fast (no rehash: there is nothing to rehash to in a one-node client).
        builder.setFailureMode(true);
        // Text protocol: values stay readable with memcached's own protocol (telnet, the checker).
        builder.setCommandFactory(new TextCommandFactory());
        builder.setTranscoder(new StringTranscoder("UTF-8"));
        builder.setOpTimeout(settings.operationTimeout().toMillis());
        builder.setConnectTimeout(settings.connectTimeout().toMillis());
        builder.setConnectionPoolSize(settings.connectionsPerServer());
        builder.setEnableHealSession(true);
        builder.setHealSessionInterval(settings.reconnectInterval().toMillis());
        builder.setName("memcached-" + poolName + "-" + node.name());
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start memcached client for " + node + " in pool " + poolName, e);
        }
    }
}
