package names.writer.web;

import java.util.List;
import java.util.Map;

import names.writer.name.FieldViolation;
import names.writer.name.InvalidNameException;
import names.writer.name.NameAlreadyExistsException;
import names.writer.name.NameNotFoundException;
import names.writer.name.PreconditionFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** RFC 9457 problem details for every error the write API can answer. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ProblemDetail invalid(InvalidNameException e) {
        return withErrors(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the name breaks "
                + e.violations().size() + " rule(s); nothing was written"), e.violations());
    }

    @ExceptionHandler
    ProblemDetail notFound(NameNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(NameAlreadyExistsException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail preconditionFailed(PreconditionFailedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                "If-Match does not match: " + e.getMessage());
        problem.setProperty("currentVersion", e.currentVersion());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected failure", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected failure");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problemFor(e);
        return handleExceptionInternal(e, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    private static ProblemDetail problemFor(HttpMessageNotReadableException e) {
        // The limit's exception arrives wrapped in the JSON reader's own I/O exception: look past it first.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return withErrors(badRequest("unknown field '" + unknown.getPropertyName() + "'"),
                        List.of(FieldViolation.of(unknown, "unknown field")));
            }
            if (cause instanceof DatabindException mapping) {
                return withErrors(badRequest("the body does not fit the schema"),
                        List.of(FieldViolation.of(mapping, mapping.getOriginalMessage())));
            }
            if (cause instanceof JacksonException malformed) {
                return badRequest("malformed JSON: " + malformed.getOriginalMessage());
            }
        }
        return badRequest("a JSON body is required");
    }

    private static ProblemDetail badRequest(String detail) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<FieldViolation> violations) {
        problem.setProperty("errors", violations.stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList());
        return problem;
    }
}
