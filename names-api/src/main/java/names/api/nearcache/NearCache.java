package names.api.nearcache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import names.api.cache.StalenessBound;

/**
 * Copies of hot names in this api's memory, served without asking memcached, under the same serve rule as a
 * memcached entry: {@code now - max(W, readAt) <= S}, W and readAt being those of the memcached entry the copy
 * was taken from (W read before that entry was fetched). The entry reflected every commit before max(W,
 * readAt), and so does its copy; serving the copy while the rule holds keeps "never superseded more than S
 * ago". It does not keep the strict promise: a copy does not hear of memcached's delete, and may be served
 * after it, until the rule refuses it.
 *
 * <p>The rule is checked on every serve ({@link #lookup}): that check is the correctness. Caffeine's per-entry
 * expiry is set to the same instant only to free memory early; entries and bytes are bounded, and Caffeine's
 * W-TinyLFU admission keeps the frequently read names when the key space is larger than the cache.
 */
public final class NearCache {

    private final StalenessBound rule;
    private final Clock clock;
    private final Cache<String, NearEntry> copies;
    private final Counter refused;
    private final Counter idle;

    /**
     * @param rule the serve rule for copies: S, or the tighter {@code max-age}, with the clock copies are judged by
     * @param ticker Caffeine's time source for expiry (the system's; a fake one in tests)
     * @param executor where Caffeine does its maintenance
     */
    NearCache(NearCacheProperties properties, StalenessBound rule, Clock clock, Ticker ticker, Executor executor,
            MeterRegistry meters) {
        this.rule = rule;
        this.clock = clock;
        // Caffeine bounds either entries or weight: a floor on each entry's weight makes the weight bound an
        // entry bound too (maxEntries entries of at least maxBytes/maxEntries each fill maxBytes).
        long maxBytes = properties.maxBytes().toBytes();
        int minWeight = (int) Math.min(Integer.MAX_VALUE, Math.ceilDiv(maxBytes, properties.maxEntries()));
        Counter expired = evictions(meters, "expired");
        Counter size = evictions(meters, "size");
        this.idle = evictions(meters, "idle");
        this.copies = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<String, NearEntry>weigher((nconst, copy) -> Math.max(copy.bytes(nconst), minWeight))
                .expireAfter(Expiry.<String, NearEntry>writing((nconst, copy) -> remaining(copy)))
                .evictionListener((String nconst, NearEntry copy, RemovalCause cause) ->
                        (cause == RemovalCause.SIZE ? size : expired).increment())
                .ticker(ticker)
                .executor(executor)
                .build();
        this.refused = Counter.builder("names.cache.near.refused")
                .description("Near-cache copies refused by the serve rule when asked for (older than the bound);"
                        + " the read then asks memcached")
                .register(meters);
        Gauge.builder("names.cache.near.entries", copies, Cache::estimatedSize)
                .description("Names held by the near cache (estimate)")
                .register(meters);
        Gauge.builder("names.cache.near.bytes", copies,
                        c -> c.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L))
                .description("What the near cache's copies weigh against max-bytes (bodies plus an overhead"
                        + " estimate, each at least max-bytes/max-entries)")
                .baseUnit("bytes")
                .register(meters);
    }

    private static Counter evictions(MeterRegistry meters, String cause) {
        return Counter.builder("names.cache.near.evictions")
                .description("Near-cache copies dropped: expired (the rule's instant passed) or size (max-entries /"
                        + " max-bytes) by Caffeine; idle (not read since the last revalidation) by the revalidator")
                .tag("cause", cause)
                .register(meters);
    }

    /**
     * The copy of {@code nconst} if one is held, at least {@code minVersion} (if given), and still within the
     * rule by the clock now; null otherwise (the caller asks memcached). A copy past the rule is dropped.
     */
    public NearEntry lookup(String nconst, Long minVersion) {
        NearEntry copy = copies.getIfPresent(nconst);
        if (copy == null || (minVersion != null && copy.version() < minVersion)) {
            return null;
        }
        if (!rule.mayServe(copy.provenAt(), null)) {
            copies.asMap().remove(nconst, copy);
            refused.increment();
            return null;
        }
        copy.markServed();
        return copy;
    }

    /**
     * One revalidation pass's split: copies served since they were last proven are returned (to be checked
     * against memcached); the others are dropped as idle. So every copy still held after a pass was either
     * checked by it or taken after it began, and a change reaches readers within about one pass after
     * memcached's delete, for rarely read names too; a name nobody reads costs no memcached reads.
     */
    List<Map.Entry<String, NearEntry>> dueForRevalidation() {
        List<Map.Entry<String, NearEntry>> due = new ArrayList<>();
        // Iterating asMap() does not count as access: the revalidator does not make copies look hot.
        copies.asMap().forEach((nconst, copy) -> {
            if (copy.servedSinceProven()) {
                due.add(Map.entry(nconst, copy));
            } else if (copies.asMap().remove(nconst, copy)) {
                idle.increment();
            }
        });
        return due;
    }

    /**
     * Memcached still holds the very version {@code seen} was copied from, fetched after {@code proof} (its
     * node's W read before the fetch, or the entry's read time): the copy reflects every commit before it, as
     * the entry does. Replaces {@code seen} only if it is still the held copy (a newer offer wins).
     */
    void provenAgain(String nconst, NearEntry seen, Instant proof) {
        if (proof != null && proof.isAfter(seen.provenAt())) {
            copies.asMap().replace(nconst, seen, seen.provenAgainAt(proof));
        }
    }

    /** Memcached no longer holds {@code seen}'s version (invalidated, refilled or expired): stop serving it. */
    void drop(String nconst, NearEntry seen) {
        copies.asMap().remove(nconst, seen);
    }

    /**
     * Keeps a copy of a name just served from memcached.
     *
     * @param watermark the entry's node's W as read BEFORE the entry was fetched (null if unknown): a W read
     *     after the fetch could cover a delete that came after it
     * @param readAt the entry's database read time (null if unknown)
     */
    public void offer(String nconst, long version, byte[] body, Instant watermark, Instant readAt) {
        Instant provenAt = StalenessBound.provenAt(watermark, readAt);
        if (provenAt == null || !rule.mayServe(provenAt, null)) {
            return;
        }
        copies.asMap().merge(nconst, new NearEntry(version, body, provenAt), NearCache::keep);
    }

    /** Whether a copy of {@code nconst} is held and servable now (without touching its access statistics). */
    public boolean holds(String nconst) {
        NearEntry copy = copies.policy().getIfPresentQuietly(nconst);
        return copy != null && rule.mayServe(copy.provenAt(), null);
    }

    /** Names held now (estimate; expired copies may count until Caffeine's next maintenance). */
    public long size() {
        return copies.estimatedSize();
    }

    /** Runs Caffeine's pending maintenance (evictions); for tests and reports. */
    void cleanUp() {
        copies.cleanUp();
    }

    /**
     * Two readers may offer copies of one name at once: keep the higher version (a client must not see a name
     * go back to an older version through this cache), and of one version the one proven later.
     */
    private static NearEntry keep(NearEntry held, NearEntry offered) {
        if (held.version() != offered.version()) {
            return held.version() > offered.version() ? held : offered;
        }
        return offered.provenAt().isAfter(held.provenAt()) ? offered : held;
    }

    /**
     * Until just past the rule's instant (provenAt + bound): after it the copy can never be served again.
     * Caffeine expires at its deadline, the rule still serves at it: one nanosecond more keeps them apart.
     */
    private Duration remaining(NearEntry copy) {
        Duration left = Duration.between(clock.instant(), copy.provenAt().plus(rule.maxStaleness()));
        return left.isNegative() ? Duration.ZERO : left.plusNanos(1);
    }
}
