package names.contract.event;

/**
 * Headers the invalidator adds to a record it dead-letters, next to spring-kafka's {@code kafka_dlt-*}
 * ones: what it could still invalidate for the record and what it could not, so an operator knows what
 * may be cached stale until its TTL.
 */
public final class DeadLetterHeaders {

    /** Cache keys deleted for the record before it was dead-lettered, comma-separated, or empty. */
    public static final String INVALIDATED = "names_invalidated";

    /** In words: which keys could not be determined, and so were not deleted. */
    public static final String NOT_INVALIDATED = "names_not_invalidated";

    private DeadLetterHeaders() {
    }
}
