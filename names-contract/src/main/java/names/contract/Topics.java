package names.contract;

/** Kafka topics the services share. */
public final class Topics {

    /**
     * Change events, keyed by nconst: one record's events share a partition, in the order they were sent.
     * Delivery is at least once and a re-send can repeat older events after newer ones (v1 v2 v1 v2 v3), so
     * consumers must not depend on order, or must keep the highest version.
     */
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
