package names.writer.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import names.writer.name.FieldViolation;
import names.writer.name.NameRules;
import names.writer.name.NameWrite;

/** Turns one data line into a name that passes {@link NameRules}, or says why it cannot. */
final class NameBasicsLineParser {

    private NameBasicsLineParser() {
    }

    sealed interface Parsed permits Valid, Malformed {
    }

    record Valid(NameWrite name) implements Parsed {
    }

    record Malformed(List<FieldViolation> violations) implements Parsed {

        String reason() {
            return String.join("; ", violations.stream().map(FieldViolation::toString).toList());
        }
    }

    static Parsed parse(String line) {
        String[] fields = split(line);
        if (fields == null) {
            return new Malformed(List.of(new FieldViolation("line",
                    "expected " + NameBasicsFormat.COLUMNS + " tab-separated fields")));
        }
        List<FieldViolation> violations = new ArrayList<>();
        Integer birthYear = year(fields[2], "birthYear", violations);
        Integer deathYear = year(fields[3], "deathYear", violations);
        NameWrite name = NameRules.normalize(new NameWrite(nullable(fields[0]), nullable(fields[1]), birthYear,
                deathYear, list(fields[4]), list(fields[5])));
        violations.addAll(NameRules.violations(name));
        return violations.isEmpty() ? new Valid(name) : new Malformed(violations);
    }

    private static String[] split(String line) {
        String[] fields = new String[NameBasicsFormat.COLUMNS];
        int start = 0;
        for (int i = 0; i < NameBasicsFormat.COLUMNS - 1; i++) {
            int tab = line.indexOf('\t', start);
            if (tab < 0) {
                return null;
            }
            fields[i] = line.substring(start, tab);
            start = tab + 1;
        }
        String last = line.substring(start);
        if (last.indexOf('\t') >= 0) {
            return null;
        }
        fields[NameBasicsFormat.COLUMNS - 1] = last;
        return fields;
    }

    private static String nullable(String field) {
        return NameBasicsFormat.NULL.equals(field) ? null : field;
    }

    private static Integer year(String field, String column, List<FieldViolation> violations) {
        if (NameBasicsFormat.NULL.equals(field)) {
            return null;
        }
        if (field.isEmpty() || field.length() > 4 || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            violations.add(new FieldViolation(column, "must be a four-digit year or \\N"));
            return null;
        }
        return Integer.valueOf(field);
    }

    private static List<String> list(String field) {
        if (NameBasicsFormat.NULL.equals(field) || field.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(field.split(",", -1));
    }
}
