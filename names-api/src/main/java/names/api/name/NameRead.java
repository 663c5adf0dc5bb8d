package names.api.name;

import names.api.cache.CacheOutcome;
import names.contract.cache.NameSnapshot;

/** @param name null when the name does not exist */
public record NameRead(NameSnapshot name, CacheOutcome outcome) {
}
