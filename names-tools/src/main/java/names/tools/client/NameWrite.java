package names.tools.client;

import java.util.List;

/** The writer's request body for POST and PUT (a NameSnapshot without the version, which only the database assigns). */
public record NameWrite(
        String nconst,
        String primaryName,
        Integer birthYear,
        Integer deathYear,
        List<String> primaryProfessions,
        List<String> knownForTitles) {

    public NameWrite {
        primaryProfessions = primaryProfessions == null ? List.of() : List.copyOf(primaryProfessions);
        knownForTitles = knownForTitles == null ? List.of() : List.copyOf(knownForTitles);
    }

    public NameWrite withPrimaryName(String newName) {
        return new NameWrite(nconst, newName, birthYear, deathYear, primaryProfessions, knownForTitles);
    }

    public NameWrite withBirthYear(Integer newBirthYear) {
        return new NameWrite(nconst, primaryName, newBirthYear, deathYear, primaryProfessions, knownForTitles);
    }
}
