package names.writer.name;

import java.util.List;

/** The request would store a name that breaks {@link NameRules}; nothing was written. */
public class InvalidNameException extends RuntimeException {

    private final List<FieldViolation> violations;

    public InvalidNameException(List<FieldViolation> violations) {
        super("invalid name: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
