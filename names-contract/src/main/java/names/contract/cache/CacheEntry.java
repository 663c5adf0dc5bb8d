package names.contract.cache;

/**
 * What a memcached value under a {@link CacheKeys#name(String)} key can be. Every service and tool that
 * reads the cache decodes it with {@link CacheEntryCodec}.
 */
public sealed interface CacheEntry {

    /** A reader's claim to fill the key; only the holder of {@code token} may replace it. */
    record Lease(String token) implements CacheEntry {
    }

    /** The name does not exist: repeated misses skip Postgres until an insert's invalidation. */
    record NotFound() implements CacheEntry {
    }

    record Found(NameSnapshot name) implements CacheEntry {
    }
}
