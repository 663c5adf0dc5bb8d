package names.testsupport;

import java.util.List;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One PostgreSQL, one Kafka and two memcached containers per test JVM, started on first use and shared by
 * every test class: starting them per class would dominate the suite's time on two cores.
 *
 * <p>Tests that simulate an outage {@link #pause(GenericContainer) pause} a container rather than stop
 * it: a paused container keeps its data and its mapped port, exactly like a node that stopped answering.
 * Whoever pauses must unpause in a {@code finally}.
 */
public final class SharedContainers {

    private SharedContainers() {
    }

    public static PostgreSQLContainer postgres() {
        return Postgres.INSTANCE;
    }

    public static KafkaContainer kafka() {
        return Kafka.INSTANCE;
    }

    /** The first memcached node; {@link #memcachedNodes()} lists both. */
    public static GenericContainer<?> memcached() {
        return Memcached.FIRST;
    }

    public static List<GenericContainer<?>> memcachedNodes() {
        return List.of(Memcached.FIRST, Memcached.SECOND);
    }

    /** {@code host:port} of a memcached node, as the services' server lists take it. */
    public static String address(GenericContainer<?> memcachedNode) {
        return memcachedNode.getHost() + ":" + memcachedNode.getMappedPort(Memcached.PORT);
    }

    public static void pause(GenericContainer<?> container) {
        docker().pauseContainerCmd(container.getContainerId()).exec();
    }

    public static void unpause(GenericContainer<?> container) {
        docker().unpauseContainerCmd(container.getContainerId()).exec();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static <T extends GenericContainer<?>> T startForThisJvm(T container) {
        container.start();
        // Ryuk (which would reap containers of a dead JVM) is unavailable without a registry.
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-" + container.getDockerImageName()));
        return container;
    }

    private static final class Postgres {
        static final PostgreSQLContainer INSTANCE = startForThisJvm(new PostgreSQLContainer(ContainerImages.POSTGRES)
                .withDatabaseName("names").withUsername("names").withPassword("names"));
    }

    private static final class Kafka {
        static final KafkaContainer INSTANCE = startForThisJvm(new KafkaContainer(ContainerImages.KAFKA)
                .withEnv("KAFKA_HEAP_OPTS", "-Xms128m -Xmx512m"));
    }

    private static final class Memcached {
        static final int PORT = 11211;
        static final GenericContainer<?> FIRST = startForThisJvm(node());
        static final GenericContainer<?> SECOND = startForThisJvm(node());

        private static GenericContainer<?> node() {
            return new GenericContainer<>(ContainerImages.MEMCACHED)
                    .withCommand("-m", "64")
                    .withExposedPorts(PORT)
                    .waitingFor(Wait.forListeningPort());
        }
    }
}
