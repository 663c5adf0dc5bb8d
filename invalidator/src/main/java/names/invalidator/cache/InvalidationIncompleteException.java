package names.invalidator.cache;

/**
 * Some deletes of a batch were not acknowledged (memcached down, paused or slow). Always retryable: the
 * batch is applied again in full, never skipped or dead-lettered.
 */
public class InvalidationIncompleteException extends RuntimeException {

    public InvalidationIncompleteException(String message, Throwable cause) {
        super(message, cause);
    }
}
