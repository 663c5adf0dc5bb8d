package names.contract.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * A cached birth-year page and the database time it was read at.
 *
 * @param readAt start of the read transaction that queried the page; null if unknown (older entries)
 */
public record CachedPage(NamePage page, Instant readAt) {

    public CachedPage {
        Objects.requireNonNull(page, "page");
    }
}
