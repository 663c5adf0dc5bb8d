package names.api.name;

import java.io.IOException;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import names.api.cache.CacheOutcome;
import names.api.web.BadRequestException;
import names.contract.Nconst;
import names.contract.cache.NamePage;
import names.contract.cache.NameSnapshot;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Validates first, before any cache or database access: the nconst and cursor become parts of memcached
 * keys, and a key with a space or control character would break memcached's text protocol.
 */
@RestController
class NameController {

    static final int MIN_BIRTH_YEAR = 1000;
    static final int MAX_BIRTH_YEAR = 2100;
    static final int MAX_LIMIT = 100;
    private static final String STALE_WARNING = "110 - \"Response is Stale\"";
    private static final String NO_CACHE = CacheControl.noCache().getHeaderValue();

    private final NameReadService names;
    private final BirthYearPageService pages;

    NameController(NameReadService names, BirthYearPageService pages) {
        this.names = names;
        this.pages = pages;
    }

    /**
     * One name, with {@code ETag: "<version>"} (a matching {@code If-None-Match} gets 304). {@code minVersion}: a
     * cached copy older than this is not served.
     *
     * <p>The body is the NameSnapshot JSON as cached, written as bytes straight to the response: a hit neither
     * parses nor re-encodes it, a miss answers the very bytes it stores, and a near-cache hit the bytes it kept.
     * Writing them here rather than returning a {@code ResponseEntity} skips the return-value handling and the
     * message-converter negotiation (the mapping's {@code produces} already settled the media type): that was a
     * sixth of a near hit's CPU, the hot path of the whole api.
     */
    @GetMapping(path = "/names/{nconst}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "The name", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = NameSnapshot.class)))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    void name(@PathVariable String nconst, @RequestParam(required = false) Long minVersion,
            ServletWebRequest request, HttpServletResponse response) throws IOException {
        if (!Nconst.isValid(nconst)) {
            throw new BadRequestException("nconst", Nconst.RULE);
        }
        if (minVersion != null && minVersion < 0) {
            throw new BadRequestException("minVersion", "minVersion must be >= 0");
        }
        NameRead read = names.read(nconst, minVersion);
        if (!read.found()) {
            throw new NameNotFoundException(nconst, read.outcome());
        }
        response.setHeader(CacheOutcome.HEADER, read.outcome().header());
        if (read.outcome() == CacheOutcome.STALE) {
            response.setHeader(HttpHeaders.WARNING, STALE_WARNING);
        }
        // HTTP caches must revalidate: freshness is what this service sells.
        response.setHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
        // Sets the ETag, and answers 304 when If-None-Match matches it.
        if (request.checkNotModified(read.eTag())) {
            return;
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(read.body().length);
        response.getOutputStream().write(read.body());
    }

    /** stale-if-error answers say so beyond X-Cache too: RFC 7234's "Response is Stale" warning. */
    private static ResponseEntity.BodyBuilder stale(CacheOutcome outcome, ResponseEntity.BodyBuilder response) {
        return outcome == CacheOutcome.STALE ? response.header(HttpHeaders.WARNING, STALE_WARNING) : response;
    }

    /** Names born in {@code birthYear}, by nconst; pass {@code next} as {@code after} for the next page. */
    @GetMapping(path = "/names", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<NamePage> byBirthYear(@RequestParam int birthYear,
            @RequestParam(defaultValue = "" + NamePage.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String after) {
        if (birthYear < MIN_BIRTH_YEAR || birthYear > MAX_BIRTH_YEAR) {
            throw new BadRequestException("birthYear",
                    "birthYear must be between " + MIN_BIRTH_YEAR + " and " + MAX_BIRTH_YEAR);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (after != null && !Nconst.isValid(after)) {
            throw new BadRequestException("after", "after: " + Nconst.RULE);
        }
        PageRead read = pages.page(birthYear, after, limit);
        return stale(read.outcome(), ResponseEntity.ok())
                .cacheControl(CacheControl.noCache())
                .header(CacheOutcome.HEADER, read.outcome().header())
                .body(read.page());
    }
}
