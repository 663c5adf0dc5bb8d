package names.api.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI namesApiDocument() {
        return new OpenAPI().info(new Info()
                .title("names-api")
                .version("v1")
                .description("""
                        Read service for IMDB-style person records, cached in memcached and invalidated on every \
                        committed change. Every response says how the cache was used in `X-Cache`: `hit` (served \
                        from memcached, including a cached not-found), `miss` (read PostgreSQL and filled), or \
                        `bypass` (cache skipped: breaker open, memcached error, lease wait timed out, or a \
                        `minVersion` newer than the cached copy). Errors are RFC 9457 problem details."""));
    }
}
