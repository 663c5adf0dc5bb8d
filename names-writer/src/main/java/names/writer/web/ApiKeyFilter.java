package names.writer.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requires {@code X-API-Key} on the write API before anything else happens, in particular before the body
 * is read or its content type judged: an unauthenticated client learns nothing but 401.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final byte[] expectedDigest;
    private final JsonMapper json;

    ApiKeyFilter(String apiKey, JsonMapper json) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalStateException(
                    "names.writer.api-key (env NAMES_WRITER_API_KEY) must be set: the write API never runs open");
        }
        this.expectedDigest = sha256(apiKey);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WritePaths.isWriteApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String provided = request.getHeader(HEADER);
        // Digests have a fixed length, so the comparison time says nothing about the key's length or prefix.
        if (provided == null || !MessageDigest.isEqual(expectedDigest, sha256(provided))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"");
            ProblemResponses.write(json, request, response, HttpStatus.UNAUTHORIZED,
                    "a valid " + HEADER + " header is required");
            return;
        }
        chain.doFilter(request, response);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
