package names.contract.cache;

import java.util.Objects;

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

    /**
     * A name, held as its version and its JSON text (as {@link CacheEntryCodec} writes a
     * {@link NameSnapshot}). Decoding a cached value reads only the version: a reader that serves the JSON
     * as is never parses it; {@link #name()} parses on demand.
     *
     * <p>A class rather than a record so that the version and the JSON cannot be paired by hand: a Found
     * is either built from a snapshot or decoded from a value this codec wrote. Equal when version and
     * JSON are equal.
     */
    final class Found implements CacheEntry {

        private final long version;
        private final String json;
        private final NameSnapshot name;

        public Found(NameSnapshot name) {
            this.version = name.version();
            this.json = CacheEntryCodec.json(name);
            this.name = name;
        }

        /** For the codec: a decoded value, trusted to hold the JSON of {@code version}. */
        Found(long version, String json) {
            this.version = version;
            this.json = Objects.requireNonNull(json);
            this.name = null;
        }

        public long version() {
            return version;
        }

        /** The NameSnapshot JSON, exactly as the API serves it. */
        public String json() {
            return json;
        }

        /** @throws IllegalArgumentException if a decoded entry's JSON is not a NameSnapshot */
        public NameSnapshot name() {
            return name != null ? name : CacheEntryCodec.snapshot(json);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Found found && version == found.version && json.equals(found.json);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(version) * 31 + json.hashCode();
        }

        @Override
        public String toString() {
            return "Found[version=" + version + ", json=" + json + "]";
        }
    }
}
