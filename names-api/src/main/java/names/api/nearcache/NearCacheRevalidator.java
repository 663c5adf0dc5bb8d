package names.api.nearcache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import names.api.cache.CacheFreshness;
import names.api.cache.CacheUnavailableException;
import names.api.cache.NameCacheClient;
import names.api.cache.StalenessBound;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps served copies proven, and drops the ones memcached no longer vouches for, with one multi-get per node
 * and batch every {@code revalidate-interval} instead of one get per read.
 *
 * <p>Why a confirmed copy may take the new proof: the node's W is taken BEFORE the multi-get, exactly as a
 * reader takes it before its get; an entry present in that answer reflects every commit before max(W, readAt)
 * (the argument of {@link names.api.cache.StalenessBound}). Versions come from one database sequence, so an
 * entry of the copy's version has the copy's very bytes: the copy reflects the same commits. Anything else (no
 * entry, a lease, a not-found marker, another version, an unreadable value) means the name changed or its entry
 * went: the copy is dropped, which is how a write reaches near-cache readers in about one interval rather than
 * after S. A failed multi-get changes nothing: the copies keep their old proof and the serve rule retires
 * them; the revalidator only ever extends a proof it can argue, it is never needed for the bound.
 *
 * <p>Only copies served since their last proof are revalidated; the others are dropped as idle
 * ({@link NearCache#dueForRevalidation}): a name nobody reads costs no memcached reads, and no copy outlives a
 * pass without being checked by it.
 */
public final class NearCacheRevalidator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NearCacheRevalidator.class);
    /** Keys per multi-get: well within one short operation timeout. */
    static final int BATCH = 200;

    private final NearCache near;
    private final NameCacheClient cache;
    private final CacheFreshness freshness;
    private final Counter confirmed;
    private final Counter dropped;
    private final Counter failed;
    private final ScheduledExecutorService timer;

    NearCacheRevalidator(NearCache near, NameCacheClient cache, CacheFreshness freshness, MeterRegistry meters) {
        this.near = near;
        this.cache = cache;
        this.freshness = freshness;
        this.confirmed = revalidations(meters, "confirmed");
        this.dropped = revalidations(meters, "dropped");
        this.failed = revalidations(meters, "failed");
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("near-cache-revalidate").factory());
    }

    /** Starts revalidating every {@code interval}, on a thread of its own. */
    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::revalidateSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static Counter revalidations(MeterRegistry meters, String result) {
        return Counter.builder("names.cache.near.revalidations")
                .description("Near-cache copies checked against memcached: confirmed (proof extended), dropped"
                        + " (memcached no longer holds that version), failed (node unreachable: proof unchanged)")
                .tag("result", result)
                .register(meters);
    }

    private void revalidateSafely() {
        try {
            revalidate();
        } catch (RuntimeException e) {
            log.warn("near-cache revalidation failed; copies keep their proof and expire by the rule", e);
        }
    }

    /** One pass: idle copies dropped, the copies served since their proof checked. */
    void revalidate() {
        List<Map.Entry<String, NearEntry>> due = near.dueForRevalidation();
        if (due.isEmpty()) {
            return;
        }
        Map<String, Map.Entry<String, NearEntry>> byKey = new HashMap<>();
        for (Map.Entry<String, NearEntry> copy : due) {
            byKey.put(CacheKeys.name(copy.getKey()), copy);
        }
        cache.keysByNode(byKey.keySet()).forEach((node, keys) -> {
            for (int from = 0; from < keys.size(); from += BATCH) {
                revalidate(node, keys.subList(from, Math.min(keys.size(), from + BATCH)), byKey);
            }
        });
    }

    private void revalidate(String node, List<String> keys, Map<String, Map.Entry<String, NearEntry>> byKey) {
        if (!cache.usable(keys.getFirst())) {
            failed.increment(keys.size());
            return;
        }
        // Before the multi-get: only a W polled before the fetch vouches for what it returns.
        Instant watermark = freshness.watermarkFor(keys.getFirst());
        Map<String, String> values;
        try {
            values = cache.getAll(node, new ArrayList<>(keys));
        } catch (CacheUnavailableException e) {
            log.debug("near-cache revalidation on {} failed: {}", node, e.getMessage());
            failed.increment(keys.size());
            return;
        }
        for (String key : keys) {
            Map.Entry<String, NearEntry> copy = byKey.get(key);
            CacheEntry.Found found = sameVersion(values.get(key), copy.getValue().version());
            if (found == null) {
                near.drop(copy.getKey(), copy.getValue());
                dropped.increment();
            } else {
                near.provenAgain(copy.getKey(), copy.getValue(), StalenessBound.provenAt(watermark, found.readAt()));
                confirmed.increment();
            }
        }
    }

    /** The entry if it is the record of exactly {@code version}; null for anything else. */
    private static CacheEntry.Found sameVersion(String value, long version) {
        if (value == null) {
            return null;
        }
        try {
            return CacheEntryCodec.decode(value) instanceof CacheEntry.Found found && found.version() == version
                    ? found : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
