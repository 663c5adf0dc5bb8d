package names.contract.cache;

import java.util.List;

/**
 * One name as the API serves it and as memcached stores it. {@code version} is the row version, which
 * lets a reader that just wrote version N refuse an older cached copy.
 */
public record NameSnapshot(
        String nconst,
        String primaryName,
        Integer birthYear,
        Integer deathYear,
        List<String> primaryProfessions,
        List<String> knownForTitles,
        long version) {

    public NameSnapshot {
        primaryProfessions = primaryProfessions == null ? List.of() : List.copyOf(primaryProfessions);
        knownForTitles = knownForTitles == null ? List.of() : List.copyOf(knownForTitles);
    }
}
