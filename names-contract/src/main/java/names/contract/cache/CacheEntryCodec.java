package names.contract.cache;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The text form of cache values. A one-character tag comes first so that leases and not-found markers,
 * the most frequent values on a miss, are recognised without parsing JSON.
 *
 * <pre>
 *   L:&lt;token&gt;              lease
 *   N:                       not found
 *   R:&lt;version&gt;:&lt;json&gt;     a {@link NameSnapshot}: its version in decimal, then its JSON
 *   P:&lt;json&gt;               a {@link NamePage} (under a page key)
 * </pre>
 *
 * <p>The record's version comes first so that a reader can check {@code minVersion}, set the ETag and serve
 * {@code <json>} as the response body without parsing it ({@link CacheEntry.Found#json()}). {@code <json>}
 * is exactly what {@link CacheEntry.Found#Found(NameSnapshot)} produced, so a hit and a miss answer the
 * same bytes.
 *
 * <p>Decoding still accepts the legacy {@code R:<json>} (recognised by the {@code '{'} after {@code R:}),
 * written by an older api during a rolling deploy until it expires; its version is read from the JSON.
 * The keys did not change with the new format: an older reader decodes {@code R:<version>:...} as JSON,
 * fails, and treats the entry as unreadable, i.e. reads PostgreSQL without filling. That is safe (only
 * slower), so no key-prefix bump is needed.
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
            case CacheEntry.NotFound notFound -> NOT_FOUND;
            case CacheEntry.Found found -> RECORD + found.version() + ':' + found.json();
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
            return new CacheEntry.NotFound();
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
        if (value.length() < colon + 3 || value.charAt(colon + 1) != '{' || !value.endsWith("}")) {
            throw new IllegalArgumentException("corrupt record JSON: " + abbreviate(value));
        }
        return new CacheEntry.Found(version, value.substring(colon + 1));
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

    public static String encodePage(NamePage page) {
        return PAGE + JSON.writeValueAsString(page);
    }

    public static NamePage decodePage(String value) {
        if (value == null || !value.startsWith(PAGE)) {
            throw new IllegalArgumentException("not a page entry: " + abbreviate(value));
        }
        return read(value.substring(PAGE.length()), NamePage.class);
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
