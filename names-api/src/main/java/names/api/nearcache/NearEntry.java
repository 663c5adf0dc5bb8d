package names.api.nearcache;

import java.time.Instant;

/**
 * A copy of one name as this api answered it from memcached: the response body's exact bytes and the
 * version (ETag, minVersion), so that serving it does no JSON work.
 *
 * @param provenAt max(W, readAt) of the memcached entry it was copied from, W being the node's watermark read
 *     BEFORE that entry was fetched: the copy reflects every commit before this instant, exactly as the entry
 *     did. The serve rule ({@code now - provenAt <= S}) applies to it as it did to the entry.
 */
public record NearEntry(long version, byte[] body, Instant provenAt) {

    /** A rough per-entry cost beyond the body: key, record, array header, Caffeine's node. */
    static final int OVERHEAD_BYTES = 160;

    /** What the entry counts against {@code max-bytes}. */
    int bytes(String nconst) {
        return body.length + 2 * nconst.length() + OVERHEAD_BYTES;
    }
}
