package names.contract.event;

import java.util.Arrays;
import java.util.Optional;

/** What happened to a name; the wire form doubles as the CloudEvents {@code ce_type}. */
public enum NameChangeType {
    CREATED("names.name.created"),
    UPDATED("names.name.updated"),
    DELETED("names.name.deleted");

    private final String wireName;

    NameChangeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<NameChangeType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
