package names.api.name;

import names.api.cache.CacheOutcome;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 problem that still tells the client whether the cache answered ({@code X-Cache}). */
class NameNotFoundException extends ErrorResponseException {

    private final HttpHeaders headers = new HttpHeaders();

    NameNotFoundException(String nconst, CacheOutcome outcome) {
        super(HttpStatus.NOT_FOUND, problem(nconst), null);
        headers.set(CacheOutcome.HEADER, outcome.header());
    }

    private static ProblemDetail problem(String nconst) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No name " + nconst);
        problem.setTitle("Name not found");
        problem.setProperty("nconst", nconst);
        return problem;
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }
}
