package names.api.cache;

/**
 * The points of the fill protocol where a test can hold a reader, to replay a race deterministically
 * (the stale-set race, the thundering herd). Production uses {@link #NONE}. Implementations may block.
 */
public interface FillGate {

    FillGate NONE = new FillGate() {
    };

    /** The reader now holds the fill lease on {@code key} and is about to read PostgreSQL. */
    default void leaseAcquired(String key) {
    }

    /**
     * The reader has read PostgreSQL and is about to store the result under {@code key} (a name key:
     * gets + cas against its lease; a page key: add). An invalidation arriving now is the stale-set race.
     */
    default void beforeFill(String key) {
    }
}
