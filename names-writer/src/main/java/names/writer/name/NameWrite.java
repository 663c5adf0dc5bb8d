package names.writer.name;

import java.util.List;

import names.contract.cache.NameSnapshot;

/**
 * A name as a client writes it: the body of POST and PUT, and the document a merge patch is applied to.
 * Lists may be absent (treated as empty); {@code nconst} is optional where the path names it.
 */
public record NameWrite(
        String nconst,
        String primaryName,
        Integer birthYear,
        Integer deathYear,
        List<String> primaryProfessions,
        List<String> knownForTitles) {

    /** The stored name as a document to write (a merge patch's starting point). */
    public static NameWrite of(NameSnapshot stored) {
        return new NameWrite(stored.nconst(), stored.primaryName(), stored.birthYear(), stored.deathYear(),
                stored.primaryProfessions(), stored.knownForTitles());
    }

    /** This name as stored at {@code version}. */
    public NameSnapshot stored(long version) {
        return new NameSnapshot(nconst, primaryName, birthYear, deathYear, primaryProfessions, knownForTitles, version);
    }

    /** The same name under the given nconst. */
    public NameWrite withNconst(String value) {
        return new NameWrite(value, primaryName, birthYear, deathYear, primaryProfessions, knownForTitles);
    }
}
