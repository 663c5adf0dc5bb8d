package names.invalidator.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import names.memcached.MemcachedNode;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;

/**
 * Acknowledged deletes on ONE memcached node.
 *
 * <p>Deletes always wait for memcached's answer ({@code DELETED} or {@code NOT_FOUND}, both success). A
 * no-reply delete would be faster, but one lost on a dropped connection would leave stale data cached
 * with nobody knowing: the whole point of this service is that that never happens.
 */
public final class NodeDeleter {

    /** Deletes of one batch in flight at once: deep enough to pipeline, bounded for a huge batch. */
    static final int IN_FLIGHT = 64;
    /**
     * From this many keys on, one multi-get first finds which keys the node holds at all, and only those
     * are deleted. A backlog (a bulk import's million changes) is mostly names nobody has read: one
     * request answers for hundreds of keys instead of a delete round trip each.
     */
    static final int PROBE_FROM = 32;

    private final String pool;
    private final MemcachedNode node;
    private final MemcachedClient client;
    private final long timeoutMillis;
    private final ExecutorService executor;
    private final Counter deleted;
    private final Counter notFound;
    private final Counter absent;
    private final Counter error;

    NodeDeleter(String pool, MemcachedNode node, long timeoutMillis, ExecutorService executor, MeterRegistry meters) {
        this.pool = pool;
        this.node = node;
        this.client = node.client();
        this.timeoutMillis = timeoutMillis;
        this.executor = executor;
        this.deleted = deletes(meters, "deleted");
        this.notFound = deletes(meters, "not_found");
        this.absent = deletes(meters, "absent");
        this.error = deletes(meters, "error");
    }

    private Counter deletes(MeterRegistry meters, String result) {
        return Counter.builder("names.invalidation.deletes")
                .description("Acknowledged and failed memcached deletes, per node")
                .tag("pool", pool)
                .tag("node", node.name())
                .tag("result", result)
                .register(meters);
    }

    public String pool() {
        return pool;
    }

    public MemcachedNode node() {
        return node;
    }

    /**
     * Deletes every key from this node, concurrently (virtual threads, at most {@value #IN_FLIGHT} at a
     * time). Each delete is still acknowledged on its own, but xmemcached pipelines concurrent commands
     * over the node's connection, so a batch costs about one round trip instead of one per key.
     *
     * <p>The first timeout ends the attempt: a node that does not answer costs a full timeout per key, and
     * trying the rest of a large batch against it could outlast {@code max.poll.interval.ms}. The caller
     * retries the whole set (deletes are idempotent).
     *
     * @throws InvalidationIncompleteException if any delete was not acknowledged
     */
    public void deleteAll(Collection<String> keys) {
        if (keys.size() >= PROBE_FROM) {
            keys = present(keys);
        }
        if (keys.isEmpty()) {
            return;
        }
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicBoolean timedOut = new AtomicBoolean();
        List<Future<Exception>> results = new ArrayList<>(keys.size());
        try {
            for (String key : keys) {
                if (timedOut.get()) {
                    break;
                }
                inFlight.acquire();
                results.add(executor.submit(() -> {
                    try {
                        if (timedOut.get()) {
                            return null;
                        }
                        Exception failure = delete(key);
                        if (failure instanceof TimeoutException) {
                            timedOut.set(true);
                        }
                        return failure;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            results.forEach(result -> result.cancel(true));
            throw new InvalidationIncompleteException(this + ": interrupted while deleting", e);
        }
        Exception failure = firstFailure(results);
        if (failure != null || timedOut.get()) {
            throw new InvalidationIncompleteException(this + ": deletes not acknowledged (" + failure + ")", failure);
        }
    }

    /**
     * The keys the node holds (a value, a not-found marker or a reader's lease), by one multi-get.
     *
     * <p>Skipping a key that is absent now is safe: the change was committed before it was published, so
     * before this get. A reader can only store the key later through a lease it adds after this get, and it
     * reads PostgreSQL after taking the lease: it sees the change. (A key present now is deleted as always;
     * if it was refilled in between, the delete costs one extra miss.)
     */
    private Collection<String> present(Collection<String> keys) {
        Map<String, String> held;
        try {
            held = client.get(keys, timeoutMillis);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            error.increment();
            throw new InvalidationIncompleteException(this + ": multi-get before the deletes failed (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidationIncompleteException(this + ": interrupted while reading", e);
        }
        if (held == null || held.isEmpty()) {
            absent.increment(keys.size());
            return List.of();
        }
        absent.increment(keys.size() - held.size());
        return held.keySet();
    }

    private static Exception firstFailure(List<Future<Exception>> results) {
        Exception first = null;
        for (Future<Exception> result : results) {
            Exception failure;
            try {
                failure = result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.forEach(r -> r.cancel(true));
                return e;
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
            }
            if (first == null) {
                first = failure;
            }
        }
        return first;
    }

    /** @return null when memcached acknowledged the delete, else why it did not */
    private Exception delete(String key) {
        try {
            // The long overload is the operation timeout; delete(String, int) would be the obsolete
            // memcached "hold time" argument instead.
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

    @Override
    public String toString() {
        return "memcached node " + node.name() + " of pool " + pool;
    }
}
