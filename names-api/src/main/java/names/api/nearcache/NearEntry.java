package names.api.nearcache;

import java.time.Instant;

/**
 * A copy of one name as this api answered it from memcached: the response body's exact bytes and the
 * version (ETag, minVersion), so that serving it does no JSON work.
 *
 * <p>provenAt is max(W, readAt) of the memcached entry it was copied from (or last revalidated against), W being
 * the node's watermark read BEFORE that entry was fetched: the copy reflects every commit before this instant,
 * exactly as the entry did. The serve rule ({@code now - provenAt <= S}) applies to it as it did to the entry.
 * Immutable but for one flag: whether it was served since it was proven (a copy is offered by the read that served
 * it, so a new copy counts as served), which decides whether revalidation checks it or drops it as idle.
 */
public final class NearEntry {

    /** A rough per-entry cost beyond the body: key, object, array header, Caffeine's node. */
    static final int OVERHEAD_BYTES = 160;

    private final long version;
    private final byte[] body;
    private final Instant provenAt;
    private volatile boolean served;

    NearEntry(long version, byte[] body, Instant provenAt) {
        this(version, body, provenAt, true);
    }

    private NearEntry(long version, byte[] body, Instant provenAt, boolean served) {
        this.version = version;
        this.body = body;
        this.provenAt = provenAt;
        this.served = served;
    }

    public long version() {
        return version;
    }

    public byte[] body() {
        return body;
    }

    public Instant provenAt() {
        return provenAt;
    }

    /** The same copy with a later proof (a revalidation found the very version in memcached). */
    NearEntry provenAgainAt(Instant later) {
        return new NearEntry(version, body, later, false);
    }

    void markServed() {
        // Read before write: a hot copy's flag is set once per proof, not written (and its cache line
        // invalidated on the other core) on every hit.
        if (!served) {
            served = true;
        }
    }

    boolean servedSinceProven() {
        return served;
    }

    /** What the entry counts against {@code max-bytes}. */
    int bytes(String nconst) {
        return body.length + 2 * nconst.length() + OVERHEAD_BYTES;
    }
}
