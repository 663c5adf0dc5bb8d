package names.contract.event;

import java.util.Optional;

/** What happened to a name; the wire form doubles as the CloudEvents {@code ce_type}. */
public enum NameChangeType {
    CREATED("names.name.created"),
    UPDATED("names.name.updated"),
    DELETED("names.name.deleted");

    private static final NameChangeType[] VALUES = values();

    private final String wireName;

    NameChangeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A loop over a constant array, not a stream: every node's consumer asks this for every event. */
    public static Optional<NameChangeType> fromWireName(String wireName) {
        for (NameChangeType type : VALUES) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
