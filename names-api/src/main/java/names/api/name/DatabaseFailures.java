package names.api.name;

import jakarta.persistence.PersistenceException;
import names.api.db.DatabaseBusyException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/** Which failures mean "PostgreSQL cannot answer now" (503, and where opted in, stale-if-error). */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static boolean isUnavailable(RuntimeException e) {
        return e instanceof DataAccessException || e instanceof TransactionException
                || e instanceof PersistenceException || e instanceof DatabaseBusyException;
    }
}
