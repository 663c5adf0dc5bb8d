package names.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The 503 mapping, unit tested: failing the shared PostgreSQL container would break every other test in
 * the JVM, so the integration suite covers memcached outages for real and this covers the mapping.
 */
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    @Test
    void aFailedDatabaseReadIsA503ProblemWithRetryAfter() {
        ResponseEntity<ProblemDetail> response = handler.databaseUnavailable(
                new DataAccessResourceFailureException("connection refused", new SQLException("refused")));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBody().getStatus()).isEqualTo(503);
        assertThat(response.getBody().getTitle()).isEqualTo("Database unavailable");
        assertThat(response.getBody().getDetail()).doesNotContain("refused");
    }

    @Test
    void noConnectionForTheTransactionIsA503Too() {
        ResponseEntity<ProblemDetail> response = handler.databaseUnavailable(
                new CannotCreateTransactionException("pool exhausted"));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
    }

    @Test
    void aDatabaseFailureEscapingAControllerBecomesA503ProblemResponse() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
                .setControllerAdvice(new ApiExceptionHandler())
                .build();

        mvc.perform(MockMvcRequestBuilders.get("/fails"))
                .andExpect(MockMvcResultMatchers.status().isServiceUnavailable())
                .andExpect(MockMvcResultMatchers.header().string(HttpHeaders.RETRY_AFTER, "1"))
                .andExpect(MockMvcResultMatchers.content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(MockMvcResultMatchers.jsonPath("$.status").value(503));
    }

    @RestController
    static class FailingController {
        @GetMapping("/fails")
        String fails() {
            throw new DataAccessResourceFailureException("database is down");
        }
    }
}
