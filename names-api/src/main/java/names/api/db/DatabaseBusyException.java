package names.api.db;

/** The read bulkhead is full: PostgreSQL is protected, the client is told to retry (503 + Retry-After). */
public class DatabaseBusyException extends RuntimeException {

    public DatabaseBusyException(String message) {
        super(message, null, false, false);
    }
}
