package names.writer.name;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import names.contract.cache.NameSnapshot;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/names")
@SecurityRequirement(name = "apiKey")
public class NameController {

    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final NameService names;

    public NameController(NameService names) {
        this.names = names;
    }

    @Operation(summary = "Create a name", description = "409 if the nconst exists.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<NameSnapshot> create(@RequestBody NameWrite body) {
        NameSnapshot created = names.create(body);
        return ResponseEntity.created(location(created)).eTag(EntityTags.of(created.version())).body(created);
    }

    @Operation(summary = "Create (201) or replace (200) a name")
    @PutMapping(path = "/{nconst}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<NameSnapshot> put(@PathVariable String nconst,
            @Parameter(description = "\"<version>\": write only if the name is at that version")
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody NameWrite body) {
        NameService.WriteResult result = names.put(nconst, body, ifMatch);
        NameSnapshot stored = result.name();
        ResponseEntity.BodyBuilder response = result.created()
                ? ResponseEntity.created(location(stored))
                : ResponseEntity.ok();
        return response.eTag(EntityTags.of(stored.version())).body(stored);
    }

    @Operation(summary = "Change a name with a JSON merge patch (RFC 7396)")
    @PatchMapping(path = "/{nconst}", consumes = MERGE_PATCH_JSON)
    public ResponseEntity<NameSnapshot> patch(@PathVariable String nconst,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MERGE_PATCH_JSON,
                    schema = @Schema(implementation = NameWrite.class)))
            @RequestBody JsonNode patch) {
        NameSnapshot stored = names.patch(nconst, patch, ifMatch);
        return ResponseEntity.ok().eTag(EntityTags.of(stored.version())).body(stored);
    }

    @Operation(summary = "Delete a name")
    @DeleteMapping("/{nconst}")
    public ResponseEntity<Void> delete(@PathVariable String nconst,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        names.delete(nconst, ifMatch);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    private static URI location(NameSnapshot name) {
        return URI.create("/names/" + name.nconst());
    }
}
