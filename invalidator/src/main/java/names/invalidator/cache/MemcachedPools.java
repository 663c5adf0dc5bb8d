package names.invalidator.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import names.memcached.MemcachedPool;
import names.memcached.MemcachedPoolSettings;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured memcached pool, and the acknowledged deletes sent to them.
 *
 * <p>Deletes always wait for memcached's answer ({@code DELETED} or {@code NOT_FOUND}, both success). A
 * no-reply delete would be faster, but one lost on a dropped connection would leave stale data cached
 * with nobody knowing: the whole point of this service is that that never happens.
 */
public class MemcachedPools implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MemcachedPools.class);

    private final List<Pool> pools;

    public MemcachedPools(List<MemcachedPoolSettings> settings, MeterRegistry meters) {
        List<Pool> connected = new ArrayList<>(settings.size());
        try {
            for (MemcachedPoolSettings pool : settings) {
                connected.add(new Pool(MemcachedPool.connect(pool), meters));
            }
        } catch (RuntimeException e) {
            connected.forEach(Pool::close);
            throw e;
        }
        this.pools = List.copyOf(connected);
    }

    public List<String> poolNames() {
        return pools.stream().map(pool -> pool.pool.name()).toList();
    }

    /**
     * Deletes every key from every pool.
     *
     * @throws InvalidationIncompleteException if any delete in any pool was not acknowledged; the caller
     *     must try the whole set again (deletes are idempotent, so repeating the successful ones is harmless)
     */
    public void deleteEverywhere(Collection<String> keys) {
        List<String> failures = new ArrayList<>();
        Exception firstCause = null;
        for (Pool pool : pools) {
            Exception failure = pool.deleteAll(keys);
            if (failure != null) {
                failures.add(pool.pool.name() + ": " + failure);
                firstCause = firstCause == null ? failure : firstCause;
            }
        }
        if (!failures.isEmpty()) {
            throw new InvalidationIncompleteException("deletes not acknowledged by pool(s) " + failures, firstCause);
        }
    }

    @Override
    public void close() {
        pools.forEach(Pool::close);
    }

    private static final class Pool {

        private final MemcachedPool pool;
        private final MemcachedClient client;
        private final long timeoutMillis;
        private final Counter deleted;
        private final Counter notFound;
        private final Counter error;

        Pool(MemcachedPool pool, MeterRegistry meters) {
            this.pool = pool;
            this.client = pool.client();
            this.timeoutMillis = pool.settings().operationTimeout().toMillis();
            this.deleted = deletes(meters, pool.name(), "deleted");
            this.notFound = deletes(meters, pool.name(), "not_found");
            this.error = deletes(meters, pool.name(), "error");
        }

        private static Counter deletes(MeterRegistry meters, String pool, String result) {
            return Counter.builder("names.invalidation.deletes")
                    .description("Acknowledged and failed memcached deletes, per pool")
                    .tag("pool", pool)
                    .tag("result", result)
                    .register(meters);
        }

        /** @return null when every key was acknowledged, else the failure that stopped this attempt */
        Exception deleteAll(Collection<String> keys) {
            try {
                // A node that was down when the client started has no place in the ring yet: its keys
                // would hash to other nodes, and the deletes would miss the entries it still holds.
                pool.requireRingComplete();
            } catch (TimeoutException e) {
                log.warn("{}; retrying the batch later", e.getMessage());
                return e;
            }
            Exception failure = null;
            for (String key : keys) {
                try {
                    // The long overload is the operation timeout; delete(String, int) would be the
                    // obsolete memcached "hold time" argument instead.
                    if (client.delete(key, timeoutMillis)) {
                        deleted.increment();
                    } else {
                        notFound.increment();
                    }
                } catch (TimeoutException e) {
                    error.increment();
                    // A node that does not answer costs a full timeout per key; trying the rest of a
                    // 1,500-key batch against it could outlast max.poll.interval.ms and cost the group
                    // membership. Stop here; the whole batch is tried again after the back-off.
                    log.warn("memcached pool {} timed out deleting {}; retrying the batch later", pool.name(), key);
                    return e;
                } catch (MemcachedException e) {
                    // Failure mode fails fast for a node known to be down, so the keys of the pool's
                    // healthy nodes are still worth deleting now rather than staying stale until it is back.
                    error.increment();
                    failure = failure == null ? e : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error.increment();
                    return e;
                }
            }
            if (failure != null) {
                log.warn("memcached pool {} refused deletes ({}); retrying the batch later", pool.name(),
                        failure.getMessage());
            }
            return failure;
        }

        void close() {
            try {
                pool.close();
            } catch (Exception e) {
                log.warn("closing memcached pool {} failed", pool.name(), e);
            }
        }
    }
}
