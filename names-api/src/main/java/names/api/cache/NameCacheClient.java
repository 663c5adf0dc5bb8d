package names.api.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only door to memcached on the read path: every operation goes to the key's node (the shared ring)
 * through that node's circuit breaker, and turns
 * any failure (timeout, dead node, protocol error) into a {@link CacheUnavailableException}, so that a
 * read can always fall back to PostgreSQL and never answers 5xx because of the cache.
 *
 * <p>There is intentionally no {@code set}: a fill must never overwrite what an invalidation left.
 */
public class NameCacheClient {

    private static final Logger log = LoggerFactory.getLogger(NameCacheClient.class);

    private final MemcachedNodes nodes;
    private final NodeBreakers breakers;
    private final RingAgreement ringAgreement;

    /** @param nodes null when the cache is disabled (and then {@code ringAgreement} too) */
    public NameCacheClient(MemcachedNodes nodes, NodeBreakers breakers, RingAgreement ringAgreement) {
        this.nodes = nodes;
        this.breakers = breakers;
        this.ringAgreement = ringAgreement;
    }

    /**
     * Whether a request for {@code key} may use memcached at all. False while disabled, while the ring
     * disagrees with the invalidator's (a fill could land where no delete ever comes), and while the
     * breaker of the key's node is open.
     */
    public boolean usable(String key) {
        return nodes != null && ringAgreement.allowsCache() && breakers.of(nodes.ring().nodeFor(key)).allowsRequest();
    }

    public String get(String key) throws CacheUnavailableException {
        return call("get", key, client -> client.get(key));
    }

    public GetsResponse<String> gets(String key) throws CacheUnavailableException {
        return call("gets", key, client -> client.gets(key));
    }

    /** {@code keys} by the name of the node that holds each (the shared ring); empty when the cache is off. */
    public Map<String, List<String>> keysByNode(Collection<String> keys) {
        if (nodes == null) {
            return Map.of();
        }
        Map<String, List<String>> byName = new HashMap<>();
        nodes.byNode(keys).forEach((node, ofNode) -> byName.put(node.name(), ofNode));
        return byName;
    }

    /**
     * One multi-get of keys that all live on {@code node} (see {@link #keysByNode}): the values found, absent
     * keys left out. A failure fails the whole call: an absent key in the answer always means absent in memcached.
     */
    public Map<String, String> getAll(String node, Collection<String> keys) throws CacheUnavailableException {
        String first = keys.iterator().next();
        if (nodes != null && !nodes.nodeFor(first).name().equals(node)) {
            throw new IllegalArgumentException(first + " is not on " + node);
        }
        Map<String, String> found = call("get", first, client -> client.get(keys));
        return found == null ? Map.of() : found;
    }

    /** Stores only if the key is absent: leases, generations and pages. */
    public boolean add(String key, Duration ttl, String value) throws CacheUnavailableException {
        return call("add", key, client -> client.add(key, CacheProperties.seconds(ttl), value));
    }

    /** Stores only if the key still holds the value {@code casUnique} was read with. */
    public boolean cas(String key, Duration ttl, String value, long casUnique) throws CacheUnavailableException {
        return call("cas", key, client -> client.cas(key, CacheProperties.seconds(ttl), value, casUnique));
    }

    private <T> T call(String operation, String key, Operation<T> op) throws CacheUnavailableException {
        if (nodes == null) {
            throw new CacheUnavailableException("memcached is disabled", null);
        }
        MemcachedNode node = nodes.nodeFor(key);
        CircuitBreaker breaker = breakers.of(node.name());
        if (!breaker.allowsRequest()) {
            throw new CacheUnavailableException("memcached node " + node.name() + " is skipped (breaker open)", null);
        }
        try {
            T result = op.apply(node.client());
            breaker.recordSuccess();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("interrupted during memcached " + operation, e);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            breaker.recordFailure();
            log.debug("memcached {} {} on {} failed: {}", operation, key, node.name(), e.toString());
            throw new CacheUnavailableException("memcached " + operation + " on " + node.name() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Operation<T> {
        T apply(MemcachedClient client) throws TimeoutException, InterruptedException, MemcachedException;
    }
}
