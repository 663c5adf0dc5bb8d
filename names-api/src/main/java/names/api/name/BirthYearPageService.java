package names.api.name;

import java.time.Instant;
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
import names.contract.cache.CachedPage;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.NamePage;
import net.rubyeye.xmemcached.GetsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Reads one page of names born in a year, cached per generation.
 *
 * <p>memcached cannot delete by prefix, so a change cannot delete "every page of 1970". Instead each year
 * has a generation key ({@link CacheKeys#birthYearGeneration(int)}) holding a random string, the page
 * keys embed it ({@link CacheKeys#birthYearPage}), and the invalidator deletes the generation: the next
 * reader creates a new random generation, and the old pages become unreachable and expire (pageTtl).
 *
 * <p>Protocol: {@code get} the generation (if absent, {@code add} a fresh one; if that add loses,
 * {@code get} the winner's); {@code get} the page under it; on a miss query PostgreSQL and {@code add} the
 * page (never {@code set}: a page already there is as fresh as ours).
 *
 * <p>Why the generation is read BEFORE the query: the page is stored under the generation that was
 * current when we started. If a write commits after our query read the old rows, its invalidation
 * deletes that very generation, so whenever our add lands the stale page sits under a generation no
 * reader will look up again. Read the generation after the query instead, and the invalidation could
 * fall between the two: we would find (or create) the NEW generation and store the old rows under it,
 * stale for a whole pageTtl after the invalidation.
 *
 * <p>Staleness bound: a page is served only if {@code now - max(W, readAt) <= max-staleness}, with W the
 * watermark of the GENERATION key's node (taken before the generation is read) and readAt the page's own
 * read time; the page's node does not matter, since pages are never deleted. Why: every commit before W that
 * touches the year had its generation delete applied before we read the generation, so the generation we
 * found was created after that delete, and the page under it was queried after its filler read that
 * generation: it reflects the commit. A refused page is replaced in place ({@code cas} against the value we
 * saw) by a fresh query made after we read the generation, which is as safe as the {@code add} of a miss.
 */
@Service
public class BirthYearPageService {

    private static final Logger log = LoggerFactory.getLogger(BirthYearPageService.class);

    private final NameCacheClient cache;
    private final NameStore store;
    private final CacheProperties properties;
    private final FillGate gate;
    private final CacheMetrics metrics;
    private final Timer dbReads;
    private final CacheFreshness freshness;
    private final ReadBulkhead bulkhead;

    BirthYearPageService(NameCacheClient cache, NameStore store, CacheProperties properties, FillGate gate,
            CacheMetrics metrics, CacheFreshness freshness, ReadBulkhead bulkhead, MeterRegistry registry) {
        this.freshness = freshness;
        this.bulkhead = bulkhead;
        this.cache = cache;
        this.store = store;
        this.properties = properties;
        this.gate = gate;
        this.metrics = metrics;
        this.dbReads = DbReads.timer(registry, "page");
    }

    /**
     * @param after a valid nconst (exclusive cursor) or null for the first page
     * @param limit 1..100, checked by the caller
     */
    public PageRead page(int birthYear, String after, int limit) {
        // The generation key's node decides: a page key on a node that fails only costs an error outcome.
        PageRead result = cache.usable(CacheKeys.birthYearGeneration(birthYear)) ? readThroughCache(birthYear, after, limit)
                : new PageRead(query(birthYear, after, limit).value(), CacheOutcome.BYPASS);
        metrics.request(CacheMetrics.Kind.PAGE, result.outcome());
        return result;
    }

    private PageRead readThroughCache(int birthYear, String after, int limit) {
        String pageKey;
        String refused = null;
        CachedPage refusedPage = null;
        try {
            // Before the generation is read: see the class comment for why this node's W decides.
            Instant watermark = freshness.watermarkFor(CacheKeys.birthYearGeneration(birthYear));
            String generation = currentGeneration(birthYear);
            if (generation == null) {
                // deleted again between our add and get: a change is in flight, do not cache this time
                return new PageRead(query(birthYear, after, limit).value(), CacheOutcome.BYPASS);
            }
            pageKey = CacheKeys.birthYearPage(birthYear, generation, after, limit);
            String cached = cache.get(pageKey);
            if (cached != null) {
                CachedPage page;
                try {
                    page = CacheEntryCodec.decodeCachedPage(cached);
                } catch (IllegalArgumentException e) {
                    log.warn("ignoring unreadable page under {}: {}", pageKey, e.getMessage());
                    return new PageRead(query(birthYear, after, limit).value(), CacheOutcome.ERROR);
                }
                if (freshness.mayServe(watermark, page.readAt())) {
                    return new PageRead(page.page(), CacheOutcome.HIT);
                }
                metrics.staleRefused(CacheMetrics.Kind.PAGE);
                refused = cached;
                refusedPage = page;
            }
        } catch (CacheUnavailableException e) {
            return new PageRead(query(birthYear, after, limit).value(), CacheOutcome.ERROR);
        }
        NameStore.Timed<NamePage> page;
        try {
            page = query(birthYear, after, limit);
        } catch (RuntimeException e) {
            if (refusedPage != null && properties.staleIfError() && DatabaseFailures.isUnavailable(e)) {
                log.warn("serving a refused page {} (stale-if-error): {}", pageKey, e.toString());
                return new PageRead(refusedPage.page(), CacheOutcome.STALE);
            }
            throw e;
        }
        gate.beforeFill(pageKey);
        String value = CacheEntryCodec.encodePage(new CachedPage(page.value(), page.readAt()));
        boolean stored = false;
        try {
            if (refused == null) {
                stored = cache.add(pageKey, properties.pageTtl(), value);
            } else {
                GetsResponse<String> current = cache.gets(pageKey);
                stored = current != null && refused.equals(current.getValue())
                        && cache.cas(pageKey, properties.pageTtl(), value, current.getCas());
            }
        } catch (CacheUnavailableException e) {
            // not stored; the next reader tries again
        }
        metrics.fill(CacheMetrics.Kind.PAGE, stored);
        return new PageRead(page.value(), refused == null ? CacheOutcome.MISS : CacheOutcome.STALE_REFUSED);
    }

    /** The year's current generation, creating one if there is none; null if it vanished meanwhile. */
    private String currentGeneration(int birthYear) throws CacheUnavailableException {
        String key = CacheKeys.birthYearGeneration(birthYear);
        String generation = cache.get(key);
        if (generation != null) {
            return generation;
        }
        String fresh = newGeneration();
        if (cache.add(key, properties.generationTtl(), fresh)) {
            return fresh;
        }
        return cache.get(key);
    }

    /** Random, never reused: an old generation coming back would resurrect its stale pages. */
    private static String newGeneration() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private NameStore.Timed<NamePage> query(int birthYear, String after, int limit) {
        return bulkhead.call(() -> dbReads.record(() -> store.page(birthYear, after, limit)));
    }
}
