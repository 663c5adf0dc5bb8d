package names.api.web;

import java.net.URI;

import jakarta.persistence.PersistenceException;
import names.api.db.DatabaseBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem. Spring MVC's own exceptions (missing or mistyped parameters,
 * unknown paths) and our {@link org.springframework.web.ErrorResponseException}s are handled by the
 * superclass; what is left is PostgreSQL being unavailable (503: memcached may be down too, and reads
 * must never be served from a guess) and the unexpected (500).
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler({DataAccessException.class, TransactionException.class, PersistenceException.class})
    public ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        log.warn("database read failed: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The names database is not available; retry shortly.");
        problem.setTitle("Database unavailable");
        problem.setType(URI.create("urn:names:problem:database-unavailable"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem);
    }

    /** The read bulkhead is full: PostgreSQL is shielded, the client retries shortly. */
    @ExceptionHandler(DatabaseBusyException.class)
    public ResponseEntity<ProblemDetail> databaseBusy(DatabaseBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Too many reads are waiting for the names database; retry shortly.");
        problem.setTitle("Database busy");
        problem.setType(URI.create("urn:names:problem:database-busy"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred.");
        problem.setTitle("Internal error");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }
}
