package names.testsupport;

import java.util.Map;

import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Maps official image names to the ones named by the same environment variables docker-compose.yml
 * reads ({@code NAMES_POSTGRES_IMAGE} and friends), so one setting switches compose and tests to the
 * offline image set. Unset variables leave the official image in place. Registered in
 * {@code testcontainers.properties}.
 */
public class LocalImageSubstitutor extends ImageNameSubstitutor {

    private static final Map<String, String> VARIABLE_BY_REPOSITORY = Map.of(
            "postgres", "NAMES_POSTGRES_IMAGE",
            "memcached", "NAMES_MEMCACHED_IMAGE",
            "apache/kafka", "NAMES_KAFKA_IMAGE",
            "eclipse-temurin", "NAMES_JRE_IMAGE",
            "prom/prometheus", "NAMES_PROMETHEUS_IMAGE",
            // Testcontainers' own helpers: the tiny image it probes with and ComposeContainer's socat.
            "alpine", "NAMES_TOOLS_IMAGE",
            "alpine/socat", "NAMES_TOOLS_IMAGE");

    @Override
    public DockerImageName apply(DockerImageName original) {
        String variable = VARIABLE_BY_REPOSITORY.get(original.getRepository());
        String replacement = variable == null ? null : System.getenv(variable);
        if (replacement == null || replacement.isBlank()) {
            return original;
        }
        return DockerImageName.parse(replacement).asCompatibleSubstituteFor(original);
    }

    @Override
    protected String getDescription() {
        return "names: official images, or the local ones named by NAMES_*_IMAGE";
    }
}
