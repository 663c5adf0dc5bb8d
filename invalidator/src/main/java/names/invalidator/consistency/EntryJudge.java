package names.invalidator.consistency;

import java.time.Instant;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CachedPage;
import names.memcached.consistency.InconsistencyKind;

/**
 * Whether an entry found under a key AFTER the key's delete was acknowledged contradicts the change.
 *
 * <p>Versions and read times, never bytes. Once the delete is acknowledged, anything under the key was
 * stored later, by a reader that took its lease after the delete and only then started its PostgreSQL
 * transaction: it saw the change, so its record has at least the change's version and its read time
 * (the transaction's {@code now()}) is after the change's {@code committed_at} (the trigger's
 * {@code clock_timestamp()}, before the commit). A legitimate refill racing the check thus always passes;
 * only an entry that could not have come from a read after the change fails: a lost delete, a stale fill,
 * a value written back behind the system's back.
 */
final class EntryJudge {

    private EntryJudge() {
    }

    /** The verdict on a name's record key; null when consistent (absent, a lease, or new enough). */
    static Verdict record(Expectation expected, String value) {
        if (value == null) {
            return null;
        }
        CacheEntry entry;
        try {
            entry = CacheEntryCodec.decode(value);
        } catch (IllegalArgumentException unreadable) {
            // Readers never serve it (they read PostgreSQL without filling): nothing stale is served.
            return null;
        }
        return switch (entry) {
            case CacheEntry.Lease lease -> null;
            case CacheEntry.Found found -> {
                // Versions never repeat, even across a delete and re-create: a deleted name's last version
                // (or any lower one) cached after the delete's invalidation is the tombstone's stale entry.
                boolean stale = expected.deleted() ? found.version() <= expected.version()
                        : found.version() < expected.version();
                yield stale ? new Verdict(InconsistencyKind.RECORD, "version " + found.version(), expected.deleted()
                        ? "no record (deleted at version " + expected.version() + ")"
                        : "version >= " + expected.version()) : null;
            }
            case CacheEntry.NotFound notFound -> {
                // After a delete the marker is the truth, however old its read.
                if (expected.deleted() || notFound.readAt() == null) {
                    yield null; // unknown read time (an older writer's marker): nothing to prove either way
                }
                yield readBefore(notFound.readAt(), expected.committedAt())
                        ? new Verdict(InconsistencyKind.NOT_FOUND, "not found, read at " + notFound.readAt(),
                                "read after " + expected.committedAt() + " (version " + expected.version() + ")")
                        : null;
            }
        };
    }

    /**
     * The verdict on a birth-year generation, from the first page found under it: a page read before the
     * change means the generation itself predates the change's delete (a new generation's pages are
     * queried after it was read, hence after the delete). Null when consistent or when there is no page
     * to tell by.
     */
    static Verdict generation(Expectation expected, String generation, String pageKey, String pageValue) {
        if (generation == null || pageValue == null) {
            return null;
        }
        CachedPage page;
        try {
            page = CacheEntryCodec.decodeCachedPage(pageValue);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
        if (page.readAt() == null || !readBefore(page.readAt(), expected.committedAt())) {
            return null;
        }
        return new Verdict(InconsistencyKind.PAGE, "generation " + generation + ", page " + pageKey + " read at "
                + page.readAt(), "a generation created after " + expected.committedAt());
    }

    private static boolean readBefore(Instant readAt, Instant committedAt) {
        return readAt.isBefore(committedAt);
    }

    /** An inconsistent entry: what kind, what it said, what it should have reflected. */
    record Verdict(InconsistencyKind kind, String found, String expected) {
    }
}
