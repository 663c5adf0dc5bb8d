package names.writer.name;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import names.contract.Nconst;

/**
 * The validity rules of a name, shared by the HTTP API and the bulk importer so that a row the API would
 * refuse can never enter through an import (and the other way round).
 */
public final class NameRules {

    /**
     * Years are four digits. The window is generous on purpose (IMDB has births in the 1000s for
     * historical figures, and future years for announced productions are typos, not data): its job is
     * to catch unit mistakes such as 19850 or 85, not to judge history.
     */
    public static final int MIN_YEAR = 1000;
    public static final int MAX_YEAR = 2100;

    /** The column width of {@code names.primary_name}. */
    public static final int MAX_NAME_LENGTH = 500;

    /** IMDB lists at most 3 professions; 5 leaves room for curated data without allowing junk lists. */
    public static final int MAX_PROFESSIONS = 5;
    public static final int MAX_KNOWN_FOR_TITLES = 10;

    private static final int MAX_PROFESSION_LENGTH = 40;

    private NameRules() {
    }

    /** Trims the name and turns absent lists into empty ones: the stored form. */
    public static NameWrite normalize(NameWrite name) {
        return new NameWrite(
                name.nconst(),
                name.primaryName() == null ? null : name.primaryName().strip(),
                name.birthYear(),
                name.deathYear(),
                name.primaryProfessions() == null ? List.of() : name.primaryProfessions(),
                name.knownForTitles() == null ? List.of() : name.knownForTitles());
    }

    /** Every rule the (normalized) name breaks; empty when it may be stored. */
    public static List<FieldViolation> violations(NameWrite name) {
        List<FieldViolation> violations = new ArrayList<>();
        if (!Nconst.isValid(name.nconst())) {
            violations.add(new FieldViolation("nconst", Nconst.RULE));
        }
        String primaryName = name.primaryName();
        if (primaryName == null || primaryName.isBlank()) {
            violations.add(new FieldViolation("primaryName", "is required"));
        } else if (primaryName.codePointCount(0, primaryName.length()) > MAX_NAME_LENGTH) {
            violations.add(new FieldViolation("primaryName", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        checkYear(violations, "birthYear", name.birthYear());
        checkYear(violations, "deathYear", name.deathYear());
        if (name.birthYear() != null && name.deathYear() != null && name.deathYear() < name.birthYear()) {
            violations.add(new FieldViolation("deathYear", "must not be before birthYear"));
        }
        checkList(violations, "primaryProfessions", name.primaryProfessions(), MAX_PROFESSIONS,
                NameRules::isProfession, "must be 1 to 40 lower-case letters or underscores");
        checkList(violations, "knownForTitles", name.knownForTitles(), MAX_KNOWN_FOR_TITLES,
                NameRules::isTitle, "must be 'tt' followed by 7 to 10 digits");
        return violations;
    }

    /** [a-z_]{1,40}; loops instead of regular expressions because the importer runs them per line. */
    static boolean isProfession(String item) {
        if (item.isEmpty() || item.length() > MAX_PROFESSION_LENGTH) {
            return false;
        }
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if ((c < 'a' || c > 'z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** tt[0-9]{7,10} */
    static boolean isTitle(String item) {
        if (!item.startsWith("tt") || item.length() < 9 || item.length() > 12) {
            return false;
        }
        for (int i = 2; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static void checkYear(List<FieldViolation> violations, String field, Integer year) {
        if (year != null && (year < MIN_YEAR || year > MAX_YEAR)) {
            violations.add(new FieldViolation(field, "must be a year between " + MIN_YEAR + " and " + MAX_YEAR));
        }
    }

    private static void checkList(List<FieldViolation> violations, String field, List<String> items, int max,
            Predicate<String> format, String formatRule) {
        if (items == null) {
            return;
        }
        if (items.size() > max) {
            violations.add(new FieldViolation(field, "must have at most " + max + " items"));
        }
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (item == null || !format.test(item)) {
                violations.add(new FieldViolation(field + "[" + i + "]", formatRule));
            }
        }
    }
}
