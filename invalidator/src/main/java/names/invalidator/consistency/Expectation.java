package names.invalidator.consistency;

import java.time.Instant;

/**
 * What an entry under one key must reflect once the deletes of a batch were acknowledged on its node: the
 * newest change of the batch that touched the key.
 *
 * @param key the memcached key
 * @param version for a name's record key: the highest version among the batch's changes of that name
 * @param deleted whether that highest version's change deleted the name (it is gone, no version of it may be cached)
 * @param committedAt the latest commit time (PostgreSQL's clock) among the batch's changes of the key
 * @param birthYear for a generation key, its year; null for a record key
 */
record Expectation(String key, long version, boolean deleted, Instant committedAt, Integer birthYear) {

    boolean isGeneration() {
        return birthYear != null;
    }

    /** This expectation joined with another change of the same key in the batch: the newest version rules. */
    Expectation and(Expectation other) {
        // A delete carries the last version the row had, the same as the change before it: on equal
        // versions the delete is the newer change (otherwise it is one change delivered twice).
        Expectation newest = other.version > version || other.version == version && other.deleted ? other : this;
        Instant latest = committedAt.isAfter(other.committedAt) ? committedAt : other.committedAt;
        return new Expectation(key, newest.version, newest.deleted, latest, birthYear);
    }
}
