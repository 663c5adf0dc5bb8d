package names.writer.name;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.stream.Stream;

import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refused request answers a problem document and leaves neither a row nor a change-log row. */
class NameRequestRejectionTest extends WriterIntegrationTest {

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("primaryName missing", "{%s}", "primaryName"),
                Arguments.of("primaryName blank", "{%s, \"primaryName\": \"   \"}", "primaryName"),
                Arguments.of("primaryName too long", "{%s, \"primaryName\": \"" + "x".repeat(501) + "\"}", "primaryName"),
                Arguments.of("birthYear too small", "{%s, \"primaryName\": \"A\", \"birthYear\": 999}", "birthYear"),
                Arguments.of("birthYear too large", "{%s, \"primaryName\": \"A\", \"birthYear\": 2101}", "birthYear"),
                Arguments.of("birthYear as a string", "{%s, \"primaryName\": \"A\", \"birthYear\": \"1950\"}", "birthYear"),
                Arguments.of("deathYear out of range", "{%s, \"primaryName\": \"A\", \"deathYear\": 19850}", "deathYear"),
                Arguments.of("deathYear before birthYear",
                        "{%s, \"primaryName\": \"A\", \"birthYear\": 1950, \"deathYear\": 1949}", "deathYear"),
                Arguments.of("too many professions", "{%s, \"primaryName\": \"A\", \"primaryProfessions\":"
                        + " [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]}", "primaryProfessions"),
                Arguments.of("bad profession", "{%s, \"primaryName\": \"A\", \"primaryProfessions\": [\"Actor\"]}",
                        "primaryProfessions[0]"),
                Arguments.of("too many titles", "{%s, \"primaryName\": \"A\", \"knownForTitles\": ["
                        + "\"tt0000001\",".repeat(10) + "\"tt0000001\"]}", "knownForTitles"),
                Arguments.of("bad title", "{%s, \"primaryName\": \"A\", \"knownForTitles\": [\"tt1\"]}",
                        "knownForTitles[0]"),
                Arguments.of("unknown field", "{%s, \"primaryName\": \"A\", \"nickname\": \"B\"}", "nickname"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void postOfAnInvalidNameIsA400ProblemNamingTheFieldAndWritesNothing(String rule, String template, String field) {
        String nconst = newNconst();

        Response response = post(template.formatted("\"nconst\": \"" + nconst + "\""));

        assertProblem(response, 400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
        assertNothingWritten(nconst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void putOfAnInvalidNameIsA400ProblemAndWritesNothing(String rule, String template, String field) {
        String nconst = newNconst();

        Response response = put(nconst, template.formatted("\"nconst\": \"" + nconst + "\""));

        assertProblem(response, 400);
        assertNothingWritten(nconst);
    }

    @Test
    void anInvalidNconstIsRejected() {
        Response response = post(nameJson("nm12", "Short Id", null));

        assertProblem(response, 400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("nconst");
        assertProblem(put("tt1234567", nameJson(null, "Not A Person", null)), 400);
    }

    @Test
    void aPutWhoseBodyNconstDiffersFromThePathIsRejected() {
        String nconst = newNconst();
        String other = newNconst();

        assertProblem(put(nconst, nameJson(other, "Two Ids", null)), 400);
        assertNothingWritten(nconst);
        assertNothingWritten(other);
    }

    @Test
    void malformedJsonIsA400Problem() {
        String nconst = newNconst();

        assertProblem(put(nconst, "{\"primaryName\": \"A\""), 400);
        assertNothingWritten(nconst);
    }

    @Test
    void aPatchThatBreaksARuleIsRejectedAndLeavesTheNameAsItWas() {
        String nconst = newNconst();
        long version = put(nconst, nameJson(null, "Greta Garbo", 1905)).version();

        assertProblem(patch(nconst, "{\"birthYear\": 3000}"), 400);
        assertProblem(patch(nconst, "{\"primaryName\": null}"), 400);
        assertProblem(patch(nconst, "{\"nickname\": \"The Divine\"}"), 400);

        assertThat(changeRows(nconst)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT version FROM names WHERE nconst = ?", Long.class, nconst))
                .isEqualTo(version);
    }

    @Test
    void patchWithAnotherContentTypeIs415() {
        String nconst = newNconst();
        put(nconst, nameJson(null, "Cary Grant", 1904));

        Response response = request("PATCH", "/names/" + nconst, "application/json", "{\"birthYear\": 1905}",
                "X-API-Key", API_KEY);

        assertProblem(response, 415);
        assertThat(changeRows(nconst)).isEqualTo(1);
    }

    @Test
    void aMissingOrWrongApiKeyIs401BeforeTheBodyIsLookedAt() {
        String nconst = newNconst();

        Response missing = request("PUT", "/names/" + nconst, "application/json", nameJson(null, "A", null));
        Response wrong = request("POST", "/names", "application/json", nameJson(nconst, "A", null),
                "X-API-Key", API_KEY + "x");
        Response wrongAndBadType = request("PATCH", "/names/" + nconst, "text/plain", "x", "X-API-Key", "nope");

        assertProblem(missing, 401);
        assertProblem(wrong, 401);
        assertProblem(wrongAndBadType, 401);
        assertNothingWritten(nconst);
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        String nconst = newNconst();
        long version = put(nconst, nameJson(null, "Bette Davis", 1908)).version();
        String stale = "\"" + (version - 1) + "\"";

        assertProblem(put(nconst, nameJson(null, "Bette Davis", 1909), "If-Match", stale), 412);
        assertProblem(patch(nconst, "{\"birthYear\": 1909}", "If-Match", stale), 412);
        assertProblem(delete(nconst, "If-Match", stale), 412);
        Response absent = put(newNconst(), nameJson(null, "Nobody", null), "If-Match", "\"1\"");

        assertProblem(absent, 412);
        assertThat(changeRows(nconst)).isEqualTo(1);
        assertThat(nameRows(nconst)).isEqualTo(1);
    }

    @Test
    void postOfAnExistingNconstIs409() {
        String nconst = newNconst();
        assertThat(post(nameJson(nconst, "Jean Gabin", 1904)).status()).isEqualTo(201);

        assertProblem(post(nameJson(nconst, "Jean Gabin", 1905)), 409);
        assertThat(changeRows(nconst)).isEqualTo(1);
    }

    @Test
    void patchOrDeleteOfAnAbsentNameIs404() {
        String nconst = newNconst();

        assertProblem(patch(nconst, "{\"birthYear\": 1950}"), 404);
        assertProblem(delete(nconst), 404);
        assertNothingWritten(nconst);
    }

    @Test
    void aBodyOver64KibIs413WithContentLengthAndWhenChunked() {
        String nconst = newNconst();
        String huge = "{\"primaryName\": \"A\", \"padding\": \"" + "x".repeat(70 * 1024) + "\"}";

        Response declared = put(nconst, huge);
        Response chunked = send(authorized("/names/" + nconst)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes())))
                .build());

        assertProblem(declared, 413);
        assertProblem(chunked, 413);
        assertNothingWritten(nconst);
    }

    @Test
    void unsupportedMethodsAndUnknownPathsAreProblemsToo() {
        assertProblem(request("GET", "/names/nm0000001", null, null, "X-API-Key", API_KEY), 405);
        assertProblem(request("GET", "/nowhere", null, null), 404);
    }

    private void assertNothingWritten(String nconst) {
        assertThat(nameRows(nconst)).as("rows of %s", nconst).isZero();
        assertThat(changeRows(nconst)).as("change-log rows of %s", nconst).isZero();
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }
}
