package names.memcached;

import net.rubyeye.xmemcached.MemcachedClient;

/** One connected node of a {@link MemcachedNodes} pool: its own client, its own failures. */
public final class MemcachedNode {

    private final MemcachedNodeSpec spec;
    private final MemcachedClient client;

    MemcachedNode(MemcachedNodeSpec spec, MemcachedClient client) {
        this.spec = spec;
        this.client = client;
    }

    /** The node's name on the ring. */
    public String name() {
        return spec.name();
    }

    public String address() {
        return spec.address();
    }

    /** A client that talks to this node only. */
    public MemcachedClient client() {
        return client;
    }

    /** Whether the client currently holds a connection to the node (it reconnects on its own). */
    public boolean connected() {
        return !client.getAvailableServers().isEmpty();
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
