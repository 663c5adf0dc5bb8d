package names.api.name;

import names.api.cache.CacheOutcome;
import names.contract.cache.NamePage;

public record PageRead(NamePage page, CacheOutcome outcome) {
}
