package names.contract.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import names.contract.Nconst;

/**
 * One committed change to one name, as the writer's relay publishes it and the invalidator consumes it.
 *
 * <p>Both birth years travel with the event because a birthYear change moves the name between two
 * cached lists, and both must be invalidated. {@code eventId} is stable across re-deliveries (the relay
 * is at-least-once), so consumers can recognise duplicates.
 *
 * @param schemaVersion the JSON schema version this event was written with ({@link #SCHEMA_VERSION} or newer)
 * @param eventId unique per committed change
 * @param version the row version after the change (for a delete, the last version the row had)
 * @param oldBirthYear birthYear before the change, null for a create or when it was unknown
 * @param newBirthYear birthYear after the change, null for a delete or when it is unknown
 * @param committedAt when the change was written, for measuring invalidation lag
 */
public record NameChangeEvent(
        int schemaVersion,
        UUID eventId,
        NameChangeType type,
        String nconst,
        long version,
        Integer oldBirthYear,
        Integer newBirthYear,
        Instant committedAt) {

    /**
     * The schema version this code writes. It reads this one and any newer one that carries these fields
     * (newer schemas may only add fields).
     */
    public static final int SCHEMA_VERSION = 1;

    public NameChangeEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Nconst.requireValid(nconst);
        Objects.requireNonNull(committedAt, "committedAt");
        if (schemaVersion < SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + schemaVersion);
        }
    }

    public static NameChangeEvent of(UUID eventId, NameChangeType type, String nconst, long version,
            Integer oldBirthYear, Integer newBirthYear, Instant committedAt) {
        return new NameChangeEvent(SCHEMA_VERSION, eventId, type, nconst, version, oldBirthYear, newBirthYear,
                committedAt);
    }
}
