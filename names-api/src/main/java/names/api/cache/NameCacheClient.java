package names.api.cache;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import names.memcached.MemcachedPool;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only door to memcached on the read path: every operation goes through the circuit breaker and turns
 * any failure (timeout, dead node, protocol error) into a {@link CacheUnavailableException}, so that a
 * read can always fall back to PostgreSQL and never answers 5xx because of the cache.
 *
 * <p>There is intentionally no {@code set}: a fill must never overwrite what an invalidation left.
 */
public class NameCacheClient {

    private static final Logger log = LoggerFactory.getLogger(NameCacheClient.class);

    private final MemcachedPool pool;
    private final CircuitBreaker breaker;

    /** @param pool null when the cache is disabled */
    public NameCacheClient(MemcachedPool pool, CircuitBreaker breaker) {
        this.pool = pool;
        this.breaker = breaker;
    }

    /**
     * Whether this request may use memcached at all. False while disabled, while the breaker is open, and
     * while not every configured node has joined the hash ring (a reader filling an incomplete ring could
     * put a key on a node the invalidator does not delete it from).
     */
    public boolean usable() {
        return pool != null && breaker.allowsRequest() && pool.ringComplete();
    }

    public String get(String key) throws CacheUnavailableException {
        return call("get", key, client -> client.get(key));
    }

    public GetsResponse<String> gets(String key) throws CacheUnavailableException {
        return call("gets", key, client -> client.gets(key));
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
        if (pool == null) {
            throw new CacheUnavailableException("memcached is disabled", null);
        }
        try {
            T result = op.apply(pool.client());
            breaker.recordSuccess();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("interrupted during memcached " + operation, e);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            breaker.recordFailure();
            log.debug("memcached {} {} failed: {}", operation, key, e.toString());
            throw new CacheUnavailableException("memcached " + operation + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Operation<T> {
        T apply(MemcachedClient client) throws TimeoutException, InterruptedException, MemcachedException;
    }
}
