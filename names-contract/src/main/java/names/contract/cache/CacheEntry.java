package names.contract.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * What a memcached value under a {@link CacheKeys#name(String)} key can be. Every service and tool that
 * reads the cache decodes it with {@link CacheEntryCodec}.
 *
 * <p>Values carry {@code readAt}: the database time at which they were read (the start of the read
 * transaction, so the read saw every commit before it). A reader that cannot otherwise prove an entry fresh
 * uses it to bound how long ago the entry may have been superseded. Null when unknown (entries written before
 * readAt existed). Equality ignores it: two entries are equal when they say the same about the name.
 */
public sealed interface CacheEntry {

    /** A reader's claim to fill the key; only the holder of {@code token} may replace it. */
    record Lease(String token) implements CacheEntry {
    }

    /** The name does not exist: repeated misses skip Postgres until an insert's invalidation. */
    final class NotFound implements CacheEntry {

        private final Instant readAt;

        /** A marker without a read time (as older writers stored it). */
        public NotFound() {
            this(null);
        }

        public NotFound(Instant readAt) {
            this.readAt = readAt;
        }

        /** Database time of the read that found nothing; null if unknown. */
        public Instant readAt() {
            return readAt;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NotFound;
        }

        @Override
        public int hashCode() {
            return NotFound.class.hashCode();
        }

        @Override
        public String toString() {
            return "NotFound[readAt=" + readAt + "]";
        }
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
        private final Instant readAt;

        /** A value without a read time (as older writers stored it). */
        public Found(NameSnapshot name) {
            this(name, null);
        }

        /** @param readAt database time of the read (transaction start), null if unknown */
        public Found(NameSnapshot name, Instant readAt) {
            this.version = name.version();
            this.json = CacheEntryCodec.json(name);
            this.name = name;
            this.readAt = readAt;
        }

        /** For the codec: a decoded value, trusted to hold the JSON of {@code version}. */
        Found(long version, String json, Instant readAt) {
            this.version = version;
            this.json = Objects.requireNonNull(json);
            this.name = null;
            this.readAt = readAt;
        }

        public long version() {
            return version;
        }

        /** The NameSnapshot JSON, exactly as the API serves it. */
        public String json() {
            return json;
        }

        /** Database time of the read this value came from; null if unknown. */
        public Instant readAt() {
            return readAt;
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
            return "Found[version=" + version + ", readAt=" + readAt + ", json=" + json + "]";
        }
    }
}
