package names.api.name;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import names.api.cache.CacheFreshness;
import names.api.cache.CacheMetrics;
import names.api.cache.CacheOutcome;
import names.api.cache.CacheProperties;
import names.api.cache.CacheUnavailableException;
import names.api.cache.FillGate;
import names.api.cache.NameCacheClient;
import names.api.db.ReadBulkhead;
import names.api.hotkeys.HotKeys;
import names.api.nearcache.NearCache;
import names.api.nearcache.NearEntry;
import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.NameSnapshot;
import net.rubyeye.xmemcached.GetsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Reads one name: memcached first, PostgreSQL on a miss, with lease-protected fills.
 *
 * <h2>The guarantee</h2>
 * After a write commits and its invalidation (a plain memcached {@code delete} of
 * {@link CacheKeys#name(String)}) has been applied, no reader sees the old value: this class never puts
 * a value into memcached that was read from PostgreSQL before that delete.
 *
 * <h2>Protocol for key K</h2>
 * <ol>
 *   <li>{@code get K}. A record ({@code R:}) is a hit; a not-found marker ({@code N:}) is a 404 hit;
 *       someone else's lease ({@code L:token}) means "wait" (step 5); absent means "fill" (step 2).</li>
 *   <li>{@code add K leaseTtl "L:"+freshToken}. {@code add} stores only if K is absent, so exactly one
 *       reader wins the lease; a loser waits (step 5).</li>
 *   <li>The winner reads PostgreSQL (read-only transaction).</li>
 *   <li>{@code gets K}: if K still holds exactly our lease, {@code cas K ttl entry casUnique} replaces it
 *       with the record (recordTtl) or the not-found marker (notFoundTtl). If K holds anything else (absent:
 *       deleted by an invalidation or expired; another lease; a value) we store nothing: fill lost.</li>
 *   <li>Waiting (herd control): poll {@code get K} every leasePoll. A value is served; an empty key may be
 *       leased by us (step 2); when leaseWait is used up we read PostgreSQL and do NOT fill (bypass).</li>
 * </ol>
 *
 * <h2>Why it is safe</h2>
 * The invalidation is a {@code delete}, and it removes a lease as well as a value. A reader whose
 * PostgreSQL read happened before a commit took its lease before that commit's invalidation; the
 * invalidation deletes the lease, so the reader's {@code gets} no longer finds its own token and the
 * {@code cas} is never attempted (and if another reader has leased K since, the token differs; if the
 * key was re-leased and re-filled between our gets and cas, the cas unique differs). The old value can
 * therefore only be written before the invalidation, which then deletes it. Hence: never {@code set} for a
 * fill, only {@code add} (lease) and {@code cas} (against our own lease).
 *
 * <h2>Failures</h2>
 * Any memcached error or timeout (short operation timeout, circuit breaker in {@link NameCacheClient})
 * ends the cache part of the request: the name is read from PostgreSQL and nothing is filled in the same
 * request. A PostgreSQL failure propagates (503); the lease then simply expires after leaseTtl.
 *
 * <h2>The staleness bound</h2>
 * A value or not-found marker is served only if {@link CacheFreshness} can prove it was not superseded
 * more than {@code max-staleness} ago: its node's watermark W (taken before the get) or its own read time
 * must be recent enough. Otherwise it is refused: read from PostgreSQL and replaced through a lease. The
 * replacement is a {@code cas} of the very entry we saw into our lease, then the normal fill: exactly an
 * invalidation followed by a normal fill, which the lease protocol already makes safe (an invalidation after
 * our cas deletes our lease and refuses our fill; one before it makes the cas fail). Using {@code cas} rather
 * than delete-then-add means we never remove an entry fresher than the one we judged, and concurrent readers
 * of the same refused entry see one winner and wait for its lease (herd control as on a miss). While the
 * pipeline lags, each hot key is thus refilled about once per bound instead of every read reaching PostgreSQL.
 *
 * <h2>minVersion</h2>
 * A client that has just written version N may pass {@code minVersion=N}: a cached entry older than N
 * (or a cached not-found) counts as a miss and is answered from PostgreSQL without filling: the
 * invalidation on its way will clear the stale entry, and filling here could race with it. If PostgreSQL
 * itself is still older than N (a replica lag, or a bogus N) the request is still answered, with what
 * PostgreSQL has.
 *
 * <h2>Near cache (opt-in)</h2>
 * With {@link NearCache} on, a name served from memcached is also kept in this api's memory with the W
 * (read before the get) and readAt that let it be served, and later requests are answered from that copy,
 * without memcached, while the same serve rule holds. That keeps the staleness bound, not the strict promise.
 */
@Service
public class NameReadService {

    private static final Logger log = LoggerFactory.getLogger(NameReadService.class);

    private final NameCacheClient cache;
    private final NameStore store;
    private final CacheProperties properties;
    private final FillGate gate;
    private final CacheMetrics metrics;
    private final HotKeys hotKeys;
    private final CacheFreshness freshness;
    private final ReadBulkhead bulkhead;
    private final Timer dbReads;
    /** null unless names.api.cache.near.enabled */
    private final NearCache near;

    NameReadService(NameCacheClient cache, NameStore store, CacheProperties properties, FillGate gate,
            CacheMetrics metrics, HotKeys hotKeys, CacheFreshness freshness, ReadBulkhead bulkhead,
            MeterRegistry registry, ObjectProvider<NearCache> near) {
        this.cache = cache;
        this.store = store;
        this.properties = properties;
        this.gate = gate;
        this.metrics = metrics;
        this.hotKeys = hotKeys;
        this.freshness = freshness;
        this.bulkhead = bulkhead;
        this.dbReads = DbReads.timer(registry, "record");
        this.near = near.getIfAvailable();
    }

    /**
     * @param nconst a valid nconst (checked by the caller before anything else)
     * @param minVersion the lowest acceptable version from the cache, or null
     */
    public NameRead read(String nconst, Long minVersion) {
        hotKeys.record(nconst);
        NearEntry copy = near == null ? null : near.lookup(nconst, minVersion);
        if (copy != null) {
            metrics.request(CacheMetrics.Kind.RECORD, CacheOutcome.NEAR_HIT);
            return NameRead.near(copy);
        }
        String key = CacheKeys.name(nconst);
        NameRead result = cache.usable(key) ? readThroughCache(key, nconst, minVersion)
                : fromDatabase(nconst, CacheOutcome.BYPASS);
        metrics.request(CacheMetrics.Kind.RECORD, result.outcome());
        return result;
    }

    private NameRead readThroughCache(String key, String nconst, Long minVersion) {
        boolean waiting = false;
        boolean refreshed = false;
        long deadline = 0;
        try {
            while (true) {
                // Before the get: only a watermark written before we fetched the entry vouches for it.
                Instant watermark = freshness.watermarkFor(key);
                String value = cache.get(key);
                if (value == null) {
                    String lease = newLease();
                    if (cache.add(key, properties.leaseTtl(), lease)) {
                        return fill(key, nconst, lease, CacheOutcome.MISS);
                    }
                    // Another reader leased the key between our get and add: wait for its value.
                } else {
                    CacheEntry entry = decode(key, value);
                    if (entry == null) {
                        return fromDatabase(nconst, CacheOutcome.ERROR);
                    }
                    if (!(entry instanceof CacheEntry.Lease) && !freshness.mayServe(watermark, readAt(entry))) {
                        if (refreshed) {
                            // Refused twice in one request (someone refilled from an old read): do not loop.
                            return fromDatabase(nconst, CacheOutcome.STALE_REFUSED);
                        }
                        refreshed = true;
                        NameRead replaced = replaceRefused(key, nconst, value, entry);
                        if (replaced != null) {
                            return replaced;
                        }
                        continue; // the entry changed under us (invalidated, or another reader's lease): look again
                    }
                    switch (entry) {
                        case CacheEntry.Found found -> {
                            if (minVersion != null && found.version() < minVersion) {
                                return fromDatabase(nconst, CacheOutcome.BYPASS);
                            }
                            NameRead read = NameRead.of(found, waiting ? CacheOutcome.LEASE_WAIT : CacheOutcome.HIT);
                            if (near != null) {
                                near.offer(nconst, read.version(), read.body(), watermark, found.readAt());
                            }
                            return read;
                        }
                        case CacheEntry.NotFound notFound -> {
                            if (minVersion != null) {
                                return fromDatabase(nconst, CacheOutcome.BYPASS);
                            }
                            return NameRead.of(null, waiting ? CacheOutcome.LEASE_WAIT : CacheOutcome.NOTFOUND_HIT);
                        }
                        case CacheEntry.Lease lease -> {
                            // someone else is filling: fall through to the wait below
                        }
                    }
                }
                long now = System.nanoTime();
                if (!waiting) {
                    waiting = true;
                    deadline = now + properties.leaseWait().toNanos();
                    metrics.leaseWaitStarted();
                }
                long remaining = deadline - now;
                if (remaining <= 0 || !pause(Math.min(remaining, properties.leasePoll().toNanos()))) {
                    return fromDatabase(nconst, CacheOutcome.BYPASS);
                }
            }
        } catch (CacheUnavailableException e) {
            return fromDatabase(nconst, CacheOutcome.ERROR);
        }
    }

    /**
     * The entry we saw is too old to serve: swap exactly it for our lease ({@code cas}), then fill as on a
     * miss. Returns null if the entry changed meanwhile (the caller looks again).
     */
    private NameRead replaceRefused(String key, String nconst, String refused, CacheEntry entry)
            throws CacheUnavailableException {
        metrics.staleRefused(CacheMetrics.Kind.RECORD);
        GetsResponse<String> current = cache.gets(key);
        if (current == null || !refused.equals(current.getValue())) {
            return null;
        }
        String lease = newLease();
        if (!cache.cas(key, properties.leaseTtl(), lease, current.getCas())) {
            return null;
        }
        try {
            return fill(key, nconst, lease, CacheOutcome.STALE_REFUSED);
        } catch (RuntimeException e) {
            if (properties.staleIfError() && DatabaseFailures.isUnavailable(e)) {
                log.warn("serving a refused entry for {} (stale-if-error): {}", nconst, e.toString());
                return NameRead.of(entry instanceof CacheEntry.Found found ? found : null, CacheOutcome.STALE);
            }
            throw e;
        }
    }

    /** We hold the lease: read PostgreSQL, then replace our lease (and only our lease) with the result. */
    private NameRead fill(String key, String nconst, String lease, CacheOutcome outcome) {
        gate.leaseAcquired(key);
        NameStore.Timed<Optional<CacheEntry.Found>> row = find(nconst);
        gate.beforeFill(key);
        CacheEntry entry = row.value().isPresent() ? row.value().get() : new CacheEntry.NotFound(row.readAt());
        Duration ttl = row.value().isPresent() ? properties.recordTtl() : properties.notFoundTtl();
        boolean stored = false;
        try {
            GetsResponse<String> current = cache.gets(key);
            if (current != null && lease.equals(current.getValue())) {
                stored = cache.cas(key, ttl, CacheEntryCodec.encode(entry), current.getCas());
            }
        } catch (CacheUnavailableException e) {
            // nothing stored; the lease expires on its own
        }
        metrics.fill(CacheMetrics.Kind.RECORD, stored);
        return NameRead.of(row.value().orElse(null), outcome);
    }

    private NameRead fromDatabase(String nconst, CacheOutcome outcome) {
        return NameRead.of(find(nconst).value().orElse(null), outcome);
    }

    /** Serialized here, once: the fill stores the same JSON the response carries, with the read time. */
    private NameStore.Timed<Optional<CacheEntry.Found>> find(String nconst) {
        NameStore.Timed<Optional<NameSnapshot>> read = bulkhead.call(() -> dbReads.record(() -> store.find(nconst)));
        return new NameStore.Timed<>(read.value().map(name -> new CacheEntry.Found(name, read.readAt())),
                read.readAt());
    }

    private static Instant readAt(CacheEntry entry) {
        return switch (entry) {
            case CacheEntry.Found found -> found.readAt();
            case CacheEntry.NotFound notFound -> notFound.readAt();
            case CacheEntry.Lease lease -> null;
        };
    }

    private static String newLease() {
        return CacheEntryCodec.encode(new CacheEntry.Lease(UUID.randomUUID().toString()));
    }

    private static CacheEntry decode(String key, String value) {
        try {
            return CacheEntryCodec.decode(value);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring unreadable cache entry under {}: {}", key, e.getMessage());
            return null;
        }
    }

    /** @return false if interrupted (the caller stops waiting) */
    private static boolean pause(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
