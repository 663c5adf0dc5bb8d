package names.api.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** No cache, no database: the framework's own ceiling for benchmarks. */
@RestController
class PingController {

    record Pong(String status) {
    }

    private static final Pong OK = new Pong("ok");

    @GetMapping(path = "/ping", produces = MediaType.APPLICATION_JSON_VALUE)
    Pong ping() {
        return OK;
    }
}
