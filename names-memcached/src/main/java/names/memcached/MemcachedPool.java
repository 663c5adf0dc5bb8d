package names.memcached;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import net.rubyeye.xmemcached.MemcachedClient;

/**
 * A connected pool plus the one question whose answer decides whether using it is safe: has every
 * configured node joined the client's hash ring?
 *
 * <p>xmemcached builds its ring from the nodes it has connected to. In failure mode a node that drops
 * out later keeps its place (its keys fail fast), but a node that was down when the client started has
 * no place at all, so its keys hash to the other nodes. A reader filling such a ring and an invalidator
 * deleting through a complete one would disagree about where a key lives, and the delete would miss.
 * Readers therefore skip a pool whose ring is incomplete, and the invalidator treats it as a failure to
 * retry.
 */
public final class MemcachedPool implements AutoCloseable {

    private static final long RECHECK_NANOS = 200_000_000L;

    private final MemcachedPoolSettings settings;
    private final MemcachedClient client;
    private final int configuredNodes;
    private volatile boolean ringComplete;
    private volatile long nextCheckNanos;

    private MemcachedPool(MemcachedPoolSettings settings, MemcachedClient client) {
        this.settings = settings;
        this.client = client;
        this.configuredNodes = new HashSet<>(settings.servers()).size();
    }

    /** Connects and waits up to the connect timeout for every node; a node still missing is retried later. */
    public static MemcachedPool connect(MemcachedPoolSettings settings) {
        MemcachedPool pool = new MemcachedPool(settings, MemcachedClientFactory.connect(settings));
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        while (!pool.ringComplete() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
            pool.nextCheckNanos = 0;
        }
        return pool;
    }

    public String name() {
        return settings.name();
    }

    public MemcachedPoolSettings settings() {
        return settings;
    }

    public MemcachedClient client() {
        return client;
    }

    /**
     * Whether every configured node has joined the ring. Cheap enough for every request: once complete
     * the ring stays complete (failure mode keeps a dropped node's place), and until then it is
     * re-examined at most every 200 ms.
     */
    public boolean ringComplete() {
        if (ringComplete) {
            return true;
        }
        long now = System.nanoTime();
        if (now - nextCheckNanos < 0) {
            return false;
        }
        nextCheckNanos = now + RECHECK_NANOS;
        Set<InetSocketAddress> joined = new HashSet<>(client.getAvailableServers());
        ringComplete = joined.size() >= configuredNodes;
        return ringComplete;
    }

    /** @throws TimeoutException if the ring is incomplete, so callers can treat it like an unreachable node */
    public void requireRingComplete() throws TimeoutException {
        if (!ringComplete()) {
            throw new TimeoutException("memcached pool " + name() + ": not every node has joined the hash ring yet");
        }
    }

    @Override
    public void close() throws Exception {
        client.shutdown();
    }
}
