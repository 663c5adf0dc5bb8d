package names.api.nearcache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The in-process near cache ({@code names.api.cache.near.*}). Off by default: it keeps the staleness bound
 * but gives up the strict promise (a copy may still be served after memcached's entry was deleted).
 *
 * @param enabled true keeps copies of memcached hits in this api's memory; needs the staleness bound on
 *     ({@code names.api.cache.max-staleness} above 0) and the cache on, or the api refuses to start
 * @param maxEntries at most this many names are held
 * @param maxBytes at most about this much memory: each entry weighs its response body plus a fixed estimate
 *     of its overhead ({@link NearEntry#bytes})
 * @param maxAge optional tighter bound for copies: a copy is served only while {@code now - max(W, readAt)} is
 *     at most this (checked on every serve, like S). Unset: S alone decides. Set it above the watermark's
 *     usual age (a few hundred ms), or copies are refused as soon as they are taken
 * @param revalidateInterval how often copies are revalidated: the ones read since their last proof are checked
 *     against memcached (one multi-get per node and 200 names), the others dropped as idle. A copy whose version
 *     memcached still holds is proven again (it stays near-cached while it is read), any other is dropped, so a
 *     change reaches near-cache readers at most about this long after memcached's delete. {@code 0} turns it
 *     off: every copy then lives until its proof is S old. Must be below the bound (S, or max-age)
 */
@ConfigurationProperties("names.api.cache.near")
public record NearCacheProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("10000") int maxEntries,
        @DefaultValue("32MB") DataSize maxBytes,
        Duration maxAge,
        @DefaultValue("250ms") Duration revalidateInterval) {

    public NearCacheProperties {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("names.api.cache.near.max-entries must be >= 1");
        }
        if (maxBytes.toBytes() < 1) {
            throw new IllegalArgumentException("names.api.cache.near.max-bytes must be positive");
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("names.api.cache.near.max-age must be positive (leave it unset to"
                    + " let the serve rule alone decide)");
        }
        if (revalidateInterval.isNegative()) {
            throw new IllegalArgumentException("names.api.cache.near.revalidate-interval must be >= 0 (0 turns it off)");
        }
    }
}
