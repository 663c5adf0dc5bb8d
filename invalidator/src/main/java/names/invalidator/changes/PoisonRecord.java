package names.invalidator.changes;

import java.util.List;

import names.contract.Nconst;
import names.contract.cache.CacheKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What can still be invalidated for a record that is not a readable change event. The relay keys every
 * event by its nconst, so a valid Kafka key names the record key to delete even when the payload is
 * garbage; only the birth-year list generations (in the unreadable payload) stay unknown, and those pages
 * expire with their TTL. Dropping such a record without that delete would leave the name stale for up to
 * the record TTL.
 *
 * @param invalidated the cache keys deleted for it (empty when the Kafka key is not an nconst)
 * @param notInvalidated in words, what could not be determined and was not deleted
 */
record PoisonRecord(List<String> invalidated, String notInvalidated) {

    static PoisonRecord of(ConsumerRecord<?, ?> record) {
        if (record.key() instanceof String key && Nconst.isValid(key)) {
            return new PoisonRecord(List.of(CacheKeys.name(key)),
                    "the birth-year list generations named in the unreadable payload (their pages expire with the page TTL)");
        }
        return new PoisonRecord(List.of(),
                "every key: neither the payload nor the Kafka key names a valid nconst");
    }
}
