package names.api.name;

import java.nio.charset.StandardCharsets;

import names.api.cache.CacheOutcome;
import names.api.nearcache.NearEntry;
import names.contract.cache.CacheEntry;

/**
 * One name as the response carries it: its version (the ETag) and its JSON as bytes, taken as is from the
 * cached text (a hit never parses it) or from a near-cache copy (no work at all).
 *
 * @param body the NameSnapshot JSON in UTF-8; null when the name does not exist
 */
public record NameRead(long version, byte[] body, CacheOutcome outcome) {

    static NameRead of(CacheEntry.Found name, CacheOutcome outcome) {
        return name == null ? new NameRead(0, null, outcome)
                : new NameRead(name.version(), name.json().getBytes(StandardCharsets.UTF_8), outcome);
    }

    static NameRead near(NearEntry copy) {
        return new NameRead(copy.version(), copy.body(), CacheOutcome.NEAR_HIT);
    }

    /** The strong entity tag of this version, quoted as HTTP wants it. */
    public String eTag() {
        return "\"" + version + "\"";
    }

    public boolean found() {
        return body != null;
    }
}
