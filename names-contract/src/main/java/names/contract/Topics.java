package names.contract;

/** Kafka topics the services share. */
public final class Topics {

    /** Change events, keyed by nconst so that one record's events stay in order. */
    public static final String NAME_CHANGES = "names.changes.v1";

    /** Records the invalidator could not understand, with headers saying why. */
    public static final String NAME_CHANGES_DEAD_LETTER = NAME_CHANGES + ".DLT";

    /**
     * Partitions of {@link #NAME_CHANGES}: the ceiling on invalidator instances doing useful work, since
     * each partition is consumed by one instance of the group.
     */
    public static final int NAME_CHANGES_PARTITIONS = 6;

    private Topics() {
    }
}
