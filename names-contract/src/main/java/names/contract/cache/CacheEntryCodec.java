package names.contract.cache;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The text form of cache values. A one-character tag comes first so that leases and not-found markers,
 * the most frequent values on a miss, are recognised without parsing JSON.
 *
 * <pre>
 *   L:&lt;token&gt;     lease
 *   N:              not found
 *   R:&lt;json&gt;      a {@link NameSnapshot}
 *   P:&lt;json&gt;      a {@link NamePage} (under a page key)
 * </pre>
 */
public final class CacheEntryCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LEASE = "L:";
    private static final String NOT_FOUND = "N:";
    private static final String RECORD = "R:";
    private static final String PAGE = "P:";

    private CacheEntryCodec() {
    }

    public static String encode(CacheEntry entry) {
        return switch (entry) {
            case CacheEntry.Lease lease -> LEASE + lease.token();
            case CacheEntry.NotFound notFound -> NOT_FOUND;
            case CacheEntry.Found found -> RECORD + JSON.writeValueAsString(found.name());
        };
    }

    /** @throws IllegalArgumentException if the value is not a name entry of this format version */
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
            return new CacheEntry.Found(read(value.substring(RECORD.length()), NameSnapshot.class));
        }
        throw new IllegalArgumentException("not a name entry: " + abbreviate(value));
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
