package names.testsupport;

import org.testcontainers.utility.DockerImageName;

/**
 * The official images the tests ask for. {@link LocalImageSubstitutor} swaps in locally built ones when
 * the environment names them (a machine without a registry), so test code never changes.
 */
public final class ContainerImages {

    public static final DockerImageName POSTGRES = DockerImageName.parse("postgres:17");
    public static final DockerImageName MEMCACHED = DockerImageName.parse("memcached:1.6");
    public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");
    /** The one docker-compose.yml's "monitoring" profile runs; it has promtool. */
    public static final DockerImageName PROMETHEUS = DockerImageName.parse("prom/prometheus:v2.53.5");

    private ContainerImages() {
    }
}
