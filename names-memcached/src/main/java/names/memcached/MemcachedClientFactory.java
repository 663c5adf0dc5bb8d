package names.memcached;

import java.io.IOException;
import java.io.UncheckedIOException;

import net.rubyeye.xmemcached.HashAlgorithm;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.transcoders.StringTranscoder;
import net.rubyeye.xmemcached.utils.AddrUtil;

/** Builds the xmemcached client every service uses, so they all hash keys to the same node. */
public final class MemcachedClientFactory {

    private MemcachedClientFactory() {
    }

    public static MemcachedClient connect(MemcachedPoolSettings settings) {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(
                AddrUtil.getAddresses(String.join(" ", settings.servers())));
        // Ketama: adding or removing a node moves only that node's share of the keys. The ring is built
        // from the configured "host:port" strings (the third argument), not from resolved IPs: every
        // service configured with the same server list maps a key to the same node, even after a node
        // comes back on another IP address.
        builder.setSessionLocator(new KetamaMemcachedSessionLocator(HashAlgorithm.KETAMA_HASH, false, true));
        // Failure mode: a key whose node is down fails fast instead of being rehashed onto another node.
        // Rehashing would be a consistency bug: the node's old entries would miss the deletes sent
        // elsewhere meanwhile, and when it came back it would serve them.
        builder.setFailureMode(true);
        // Text protocol: values stay readable with memcached's own protocol (telnet, the checker).
        builder.setCommandFactory(new TextCommandFactory());
        builder.setTranscoder(new StringTranscoder("UTF-8"));
        builder.setOpTimeout(settings.operationTimeout().toMillis());
        builder.setConnectTimeout(settings.connectTimeout().toMillis());
        builder.setConnectionPoolSize(settings.connectionsPerServer());
        builder.setEnableHealSession(true);
        builder.setHealSessionInterval(settings.reconnectInterval().toMillis());
        builder.setName("memcached-" + settings.name());
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start memcached client for pool " + settings.name(), e);
        }
    }
}
