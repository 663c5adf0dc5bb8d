package names.contract.cache;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The text form of cache values. A one-character tag comes first so that leases and not-found markers,
 * the most frequent values on a miss, are recognised without parsing JSON.
 *
 * <pre>
 *   L:&lt;token&gt;                      lease
 *   N:&lt;readAt&gt;                     not found
 *   R:&lt;version&gt;:&lt;readAt&gt;:&lt;json&gt;    a {@link NameSnapshot}: its version in decimal, the read time, its JSON
 *   P:&lt;readAt&gt;:&lt;json&gt;              a {@link NamePage} (under a page key)
 * </pre>
 *
 * {@code <readAt>} is the database time the value was read at (start of the read transaction), in decimal
 * microseconds since the epoch (PostgreSQL's precision); readers use it for the staleness bound.
 *
 * <p>The record's version comes first so that a reader can check {@code minVersion}, set the ETag and serve
 * {@code <json>} as the response body without parsing it ({@link CacheEntry.Found#json()}). {@code <json>}
 * is exactly what {@link CacheEntry.Found#Found(NameSnapshot)} produced, so a hit and a miss answer the
 * same bytes.
 *
 * <p>Older forms are still decoded, with an unknown read time (so only the invalidator's watermark can
 * prove them fresh): {@code R:<version>:<json>}, {@code R:<json>}, {@code N:} and {@code P:<json>}. The keys
 * did not change with the new forms because every older reader rejects them, and an unreadable entry is
 * read from PostgreSQL without filling (safe, only slower): a reader of {@code R:<version>:<json>} requires
 * {@code '{'} right after the version, a reader of {@code R:<json>} or {@code P:<json>} fails to parse
 * JSON. The one exception is {@code N:<readAt>}, which an older reader takes for a plain not-found marker:
 * correct, as an older reader promises no staleness bound.
 */
public final class CacheEntryCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LEASE = "L:";
    private static final String NOT_FOUND = "N:";
    private static final String RECORD = "R:";
    private static final String PAGE = "P:";
    /** Enough for any long version; more digits are corruption, not a version. */
    private static final int MAX_VERSION_DIGITS = 19;

    private CacheEntryCodec() {
    }

    public static String encode(CacheEntry entry) {
        return switch (entry) {
            case CacheEntry.Lease lease -> LEASE + lease.token();
            case CacheEntry.NotFound notFound -> NOT_FOUND + micros(notFound.readAt());
            case CacheEntry.Found found -> RECORD + found.version() + ':'
                    + (found.readAt() == null ? "" : micros(found.readAt()) + ":") + found.json();
        };
    }

    /** @throws IllegalArgumentException if the value is not a name entry of this format */
    public static CacheEntry decode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        if (value.startsWith(LEASE)) {
            return new CacheEntry.Lease(value.substring(LEASE.length()));
        }
        if (value.startsWith(NOT_FOUND)) {
            int end = value.length();
            return new CacheEntry.NotFound(end == NOT_FOUND.length() ? null : instant(value, NOT_FOUND.length(), end));
        }
        if (value.startsWith(RECORD)) {
            return decodeRecord(value);
        }
        throw new IllegalArgumentException("not a name entry: " + abbreviate(value));
    }

    /** Reads the version prefix only; the JSON is checked for its braces, not parsed. */
    private static CacheEntry.Found decodeRecord(String value) {
        int start = RECORD.length();
        if (value.startsWith("{", start)) {
            // legacy R:<json>: parse once, and re-encode so that the body served is this codec's JSON
            return new CacheEntry.Found(snapshot(value.substring(start)));
        }
        int colon = value.indexOf(':', start);
        if (colon < 0 || !isDigits(value, start, colon)) {
            throw new IllegalArgumentException("corrupt record version: " + abbreviate(value));
        }
        long version;
        try {
            version = Long.parseLong(value, start, colon, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("corrupt record version: " + abbreviate(value), e);
        }
        Instant readAt = null;
        if (colon + 1 < value.length() && value.charAt(colon + 1) != '{') {
            int second = value.indexOf(':', colon + 1);
            if (second < 0) {
                throw new IllegalArgumentException("corrupt record read time: " + abbreviate(value));
            }
            readAt = instant(value, colon + 1, second);
            colon = second;
        }
        if (value.length() < colon + 3 || value.charAt(colon + 1) != '{' || !value.endsWith("}")) {
            throw new IllegalArgumentException("corrupt record JSON: " + abbreviate(value));
        }
        return new CacheEntry.Found(version, value.substring(colon + 1), readAt);
    }

    private static String micros(Instant instant) {
        return instant == null ? "" : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
    }

    private static Instant instant(String value, int from, int to) {
        if (!isDigits(value, from, to)) {
            throw new IllegalArgumentException("corrupt read time: " + abbreviate(value));
        }
        try {
            return Instant.EPOCH.plus(Long.parseLong(value, from, to, 10), ChronoUnit.MICROS);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("corrupt read time: " + abbreviate(value), e);
        }
    }

    private static boolean isDigits(String value, int from, int to) {
        if (to == from || to - from > MAX_VERSION_DIGITS) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A page without a read time (the older form). */
    public static String encodePage(NamePage page) {
        return PAGE + JSON.writeValueAsString(page);
    }

    public static String encodePage(CachedPage page) {
        return page.readAt() == null ? encodePage(page.page())
                : PAGE + micros(page.readAt()) + ':' + JSON.writeValueAsString(page.page());
    }

    public static NamePage decodePage(String value) {
        return decodeCachedPage(value).page();
    }

    /** @throws IllegalArgumentException if the value is not a page entry of this format or the older one */
    public static CachedPage decodeCachedPage(String value) {
        if (value == null || !value.startsWith(PAGE)) {
            throw new IllegalArgumentException("not a page entry: " + abbreviate(value));
        }
        int start = PAGE.length();
        if (value.startsWith("{", start)) {
            return new CachedPage(read(value.substring(start), NamePage.class), null);
        }
        int colon = value.indexOf(':', start);
        if (colon < 0) {
            throw new IllegalArgumentException("corrupt page: " + abbreviate(value));
        }
        return new CachedPage(read(value.substring(colon + 1), NamePage.class), instant(value, start, colon));
    }

    /** The one JSON form of a name, in the cache and in API responses. */
    static String json(NameSnapshot name) {
        return JSON.writeValueAsString(name);
    }

    static NameSnapshot snapshot(String json) {
        return read(json, NameSnapshot.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("corrupt cache entry: " + e.getOriginalMessage(), e);
        }
    }

    private static String abbreviate(String value) {
        return value == null ? "null" : value.length() <= 20 ? value : value.substring(0, 20) + "...";
    }
}
