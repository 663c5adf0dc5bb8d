package names.api.name;

import names.api.cache.CacheOutcome;
import names.contract.cache.CacheEntry;

/**
 * @param name the name as cached (version and JSON, so that a hit is served without parsing it); null when
 *     the name does not exist
 */
public record NameRead(CacheEntry.Found name, CacheOutcome outcome) {
}
