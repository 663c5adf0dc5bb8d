package names.writer.relay;

import java.time.Instant;
import java.util.UUID;

import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeType;

/** One unpublished row of {@code name_changes}. */
record PendingChange(long id, UUID eventId, String nconst, String operation, long version, Integer oldBirthYear,
        Integer newBirthYear, Instant committedAt) {

    NameChangeEvent toEvent() {
        return NameChangeEvent.of(eventId, NameChangeType.valueOf(operation), nconst, version, oldBirthYear,
                newBirthYear, committedAt);
    }
}
