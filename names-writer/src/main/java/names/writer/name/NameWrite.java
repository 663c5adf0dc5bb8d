package names.writer.name;

import java.util.List;

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

    /** The same name under the given nconst. */
    public NameWrite withNconst(String value) {
        return new NameWrite(value, primaryName, birthYear, deathYear, primaryProfessions, knownForTitles);
    }
}
