package names.api.cache;

/** A memcached operation failed or timed out; the caller answers from PostgreSQL and must not fill. */
public class CacheUnavailableException extends Exception {

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
