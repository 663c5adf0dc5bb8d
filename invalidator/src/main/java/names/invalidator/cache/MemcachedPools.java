package names.invalidator.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /** Deletes of one batch in flight at once, over all pools: deep enough to pipeline, bounded for a huge batch. */
    static final int IN_FLIGHT = 64;

    private static final Logger log = LoggerFactory.getLogger(MemcachedPools.class);

    private final List<Pool> pools;
    private final ExecutorService deletes = Executors.newVirtualThreadPerTaskExecutor();

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
     * <p>The deletes run concurrently, on virtual threads, at most {@value #IN_FLIGHT} at a time. Each is
     * still acknowledged on its own, but xmemcached pipelines concurrent commands over a node's connection,
     * so a batch costs about one round trip instead of one per key and pool: under write load, sequential
     * deletes were a large share of the commit-to-delete lag.
     *
     * @throws InvalidationIncompleteException if any delete in any pool was not acknowledged; the caller
     *     must try the whole set again (deletes are idempotent, so repeating the successful ones is harmless)
     */
    public void deleteEverywhere(Collection<String> keys) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<Attempt> attempts = new ArrayList<>(pools.size());
        try {
            for (Pool pool : pools) {
                Attempt attempt = new Attempt(pool);
                attempts.add(attempt);
                attempt.start(keys, deletes, inFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.forEach(Attempt::cancel);
            throw new InvalidationIncompleteException("interrupted while deleting", e);
        }
        List<String> failures = new ArrayList<>();
        Exception firstCause = null;
        for (Attempt attempt : attempts) {
            Exception failure = attempt.await();
            if (failure != null) {
                failures.add(attempt.pool.pool.name() + ": " + failure);
                firstCause = firstCause == null ? failure : firstCause;
            }
        }
        if (!failures.isEmpty()) {
            throw new InvalidationIncompleteException("deletes not acknowledged by pool(s) " + failures, firstCause);
        }
    }

    @Override
    public void close() {
        deletes.shutdownNow();
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

        /** @return null when every configured node is in the hash ring, else the failure that stops this attempt */
        Exception ringIncomplete() {
            try {
                // A node that was down when the client started has no place in the ring yet: its keys
                // would hash to other nodes, and the deletes would miss the entries it still holds.
                pool.requireRingComplete();
                return null;
            } catch (TimeoutException e) {
                log.warn("{}; retrying the batch later", e.getMessage());
                return e;
            }
        }

        /** @return null when memcached acknowledged the delete, else why it did not */
        Exception delete(String key) {
            try {
                // The long overload is the operation timeout; delete(String, int) would be the
                // obsolete memcached "hold time" argument instead.
                if (client.delete(key, timeoutMillis)) {
                    deleted.increment();
                } else {
                    notFound.increment();
                }
                return null;
            } catch (TimeoutException | MemcachedException | RuntimeException e) {
                error.increment();
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error.increment();
                return e;
            }
        }

        void close() {
            try {
                pool.close();
            } catch (Exception e) {
                log.warn("closing memcached pool {} failed", pool.name(), e);
            }
        }
    }

    /** One batch's deletes against one pool. */
    private static final class Attempt {

        private final Pool pool;
        private final List<Future<Exception>> results = new ArrayList<>();
        /**
         * Set by the first timeout. A node that does not answer costs a full timeout per key, and trying
         * the rest of a 1,500-key batch against it could outlast max.poll.interval.ms and cost the group
         * membership: keys not sent yet are skipped, and the whole batch is tried again after the back-off.
         */
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private Exception notStarted;

        Attempt(Pool pool) {
            this.pool = pool;
        }

        void start(Collection<String> keys, ExecutorService executor, Semaphore inFlight) throws InterruptedException {
            notStarted = pool.ringIncomplete();
            if (notStarted != null) {
                return;
            }
            for (String key : keys) {
                if (timedOut.get()) {
                    return;
                }
                inFlight.acquire();
                results.add(executor.submit(() -> {
                    try {
                        if (timedOut.get()) {
                            return null;
                        }
                        Exception failure = pool.delete(key);
                        if (failure instanceof TimeoutException) {
                            timedOut.set(true);
                        }
                        return failure;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }

        /**
         * @return null when every key was acknowledged; else a timeout if there was one, else the first
         *     refusal. Failure mode refuses fast for a node known to be down, so the keys of the pool's
         *     healthy nodes were still deleted now rather than staying stale until it is back.
         */
        Exception await() {
            if (notStarted != null) {
                return notStarted;
            }
            Exception timeout = null;
            Exception refusal = null;
            for (Future<Exception> result : results) {
                Exception failure;
                try {
                    failure = result.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    return e;
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
                if (failure instanceof TimeoutException && timeout == null) {
                    timeout = failure;
                } else if (failure != null && refusal == null) {
                    refusal = failure;
                }
            }
            if (timeout != null) {
                log.warn("memcached pool {} timed out deleting; retrying the batch later", pool.pool.name());
                return timeout;
            }
            if (refusal != null) {
                log.warn("memcached pool {} refused deletes ({}); retrying the batch later", pool.pool.name(),
                        refusal.getMessage());
            }
            return refusal;
        }

        void cancel() {
            results.forEach(result -> result.cancel(true));
        }
    }
}
