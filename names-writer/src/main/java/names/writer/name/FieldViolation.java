package names.writer.name;

import tools.jackson.databind.DatabindException;

/** One broken rule: the JSON field (or import column) and what is wrong with it. */
public record FieldViolation(String field, String message) {

    /** The field a JSON mapping failure points at, e.g. {@code knownForTitles[2]}. */
    public static FieldViolation of(DatabindException e, String message) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return new FieldViolation(path.toString(), message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
