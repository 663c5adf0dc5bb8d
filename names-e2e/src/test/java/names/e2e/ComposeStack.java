package names.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The whole system from the REAL docker-compose.yml, started once per test JVM and shared by every E2E
 * class (starting it takes minutes on two cores), taken down with its volumes when the JUnit session ends
 * ({@link StopComposeStackAtSessionEnd}; a shutdown hook as the fallback, since there is no Ryuk without a
 * registry).
 *
 * <p>Every published port is a free port picked here and handed to compose through its NAMES_*_PORT
 * variables, so the tests neither collide with a developer's `./dev start` stack nor need Testcontainers'
 * socat ambassador: tests talk to the published host ports directly. The Kafka port must be the real host
 * port, since the broker advertises it on its EXTERNAL listener. The NAMES_*_IMAGE variables (offline
 * image set) reach compose because the local compose process inherits this JVM's environment.
 */
final class ComposeStack {

    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String MEMCACHED_1 = "memcached-1";
    static final String MEMCACHED_2 = "memcached-2";
    static final String WRITER = "names-writer";
    static final String API = "names-api";
    static final String INVALIDATOR = "invalidator";
    static final String DEMO_DATA = "demo-data";

    /** Services with a healthcheck: compose `up --wait` semantics, which ComposeContainer lacks. */
    private static final List<String> HEALTHCHECKED = List.of(POSTGRES, KAFKA, MEMCACHED_1, MEMCACHED_2, WRITER, API,
            INVALIDATOR);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final String PROJECT_PREFIX = "names-e2e-";
    private static final String PROJECT_LABEL = "com.docker.compose.project";
    /** Small: the demo loader still runs (the compose file is tested as written) without slowing startup. */
    static final int DEMO_ROWS = 300;
    /** The invalidator's consistency windows on the e2e stack. */
    static final String OBSERVER_WINDOWS = "1s,5s,15s";
    /** The last of them: a stale entry planted after a change was applied is repaired within it. */
    static final Duration OBSERVER_LAST_WINDOW = Duration.ofSeconds(15);

    private static volatile ComposeStack current;

    private final ComposeContainer compose;
    private final Map<String, Integer> ports;
    private final Duration startup;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile String project;

    private ComposeStack() {
        File composeFile = new File("../docker-compose.yml").getAbsoluteFile();
        if (!composeFile.isFile()) {
            throw new IllegalStateException("no docker-compose.yml at " + composeFile + " (run from names-e2e/)");
        }
        requireServiceJars(composeFile.getParentFile());
        ports = freePorts("NAMES_API_PORT", "NAMES_WRITER_PORT", "NAMES_INVALIDATOR_PORT", "NAMES_POSTGRES_PORT",
                "NAMES_KAFKA_PORT", "NAMES_MEMCACHED_1_PORT", "NAMES_MEMCACHED_2_PORT");
        // "names-e2e-" plus Testcontainers' random suffix: never the developer's project "names".
        compose = new ComposeContainer(PROJECT_PREFIX, composeFile)
                .withBuild(true)
                // The images are local (built by compose, or the offline set): nothing to pull.
                .withPull(false)
                .withRemoveVolumes(true)
                .withEnv(Map.of("NAMES_DEMO_ROWS", String.valueOf(DEMO_ROWS),
                        // Shorter than the default 1s,10s,60s: the observer's e2e test waits for the last one.
                        "NAMES_INVALIDATOR_CONSISTENCY_WINDOWS", OBSERVER_WINDOWS))
                .withStartupTimeout(STARTUP_TIMEOUT);
        ports.forEach((variable, port) -> compose.withEnv(variable, String.valueOf(port)));
        for (String service : HEALTHCHECKED) {
            compose.waitingFor(instance(service), Wait.forHealthcheck().withStartupTimeout(STARTUP_TIMEOUT));
        }
        // Normally StopComposeStackAtSessionEnd tears the stack down; this hook covers IDE runs and aborts.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly, "compose-down"));
        current = this;
        long start = System.nanoTime();
        try {
            compose.start();
        } catch (RuntimeException e) {
            project = onlyProjectWithOurPrefix();
            System.err.println(logs(200));
            throw e;
        }
        startup = Duration.ofNanos(System.nanoTime() - start);
        project = container(POSTGRES).getContainerInfo().getConfig().getLabels().get(PROJECT_LABEL);
        System.out.printf("compose stack up in %d s, ports %s%n", startup.toSeconds(), ports);
    }

    private static final class Holder {
        static final ComposeStack INSTANCE = new ComposeStack();
    }

    static ComposeStack get() {
        return Holder.INSTANCE;
    }

    /** Tears the stack down if this JVM started one; idempotent. */
    static void stopIfStarted() {
        ComposeStack stack = current;
        if (stack != null) {
            stack.stopQuietly();
        }
    }

    Duration startup() {
        return startup;
    }

    URI apiUri() {
        return URI.create("http://localhost:" + ports.get("NAMES_API_PORT"));
    }

    URI writerUri() {
        return URI.create("http://localhost:" + ports.get("NAMES_WRITER_PORT"));
    }

    URI invalidatorUri() {
        return URI.create("http://localhost:" + ports.get("NAMES_INVALIDATOR_PORT"));
    }

    String kafkaBootstrap() {
        return "localhost:" + ports.get("NAMES_KAFKA_PORT");
    }

    /**
     * The memcached nodes named as the services name them (compose's {@code memcached-1:11211}), at their
     * published host ports: a pool built from these routes keys exactly like the services' pools.
     */
    List<String> memcachedServers() {
        return List.of(memcachedNodeName(MEMCACHED_1) + "=" + memcachedAddress(MEMCACHED_1),
                memcachedNodeName(MEMCACHED_2) + "=" + memcachedAddress(MEMCACHED_2));
    }

    /** The node's name on the services' ring: its address on the compose network. */
    static String memcachedNodeName(String service) {
        return service + ":11211";
    }

    String memcachedAddress(String service) {
        return "localhost:" + ports.get(service.equals(MEMCACHED_1) ? "NAMES_MEMCACHED_1_PORT" : "NAMES_MEMCACHED_2_PORT");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + ports.get("NAMES_POSTGRES_PORT") + "/names";
    }

    /** The compose file's development API key (the stack runs with the file's default). */
    String writerApiKey() {
        String key = System.getenv("NAMES_WRITER_API_KEY");
        return key == null || key.isBlank() ? "dev-writer-key" : key;
    }

    /** Runs SQL with psql INSIDE the postgres container; returns its unaligned, tuples-only output. */
    String psql(String sql) {
        try {
            var result = container(POSTGRES).execInContainer("psql", "-U", "names", "-d", "names",
                    "-v", "ON_ERROR_STOP=1", "-At", "-c", sql);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("psql failed (" + result.getExitCode() + "): " + result.getStderr());
            }
            return result.getStdout().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** docker pause: the node keeps its data and port but stops answering, like a hung host. */
    void pause(String service) {
        docker().pauseContainerCmd(containerId(service)).exec();
    }

    void unpause(String service) {
        docker().unpauseContainerCmd(containerId(service)).exec();
    }

    /** docker stop (= `docker compose stop`): a graceful shutdown; `restart: unless-stopped` leaves it down. */
    void stop(String service) {
        docker().stopContainerCmd(containerId(service)).withTimeout(30).exec();
    }

    void start(String service) {
        docker().startContainerCmd(containerId(service)).exec();
    }

    boolean isRunning(String service) {
        return Boolean.TRUE.equals(docker().inspectContainerCmd(containerId(service)).exec().getState().getRunning());
    }

    /** The service's Docker healthcheck status (healthy, starting, unhealthy), null without one. */
    String health(String service) {
        var health = docker().inspectContainerCmd(containerId(service)).exec().getState().getHealth();
        return health == null ? null : health.getStatus();
    }

    String containerId(String service) {
        return container(service).getContainerId();
    }

    /** The last {@code lines} log lines of every container of this stack, for failure reports. */
    String logs(int lines) {
        StringBuilder out = new StringBuilder();
        for (Container container : stackContainers()) {
            String name = container.getNames()[0];
            out.append("===== ").append(name).append(" (").append(container.getStatus()).append(") last ")
                    .append(lines).append(" lines =====\n");
            try {
                Process process = new ProcessBuilder("docker", "logs", "--tail", String.valueOf(lines), container.getId())
                        .redirectErrorStream(true).start();
                byte[] output = process.getInputStream().readAllBytes();
                process.waitFor(30, TimeUnit.SECONDS);
                out.append(new String(output, StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(docker logs failed: ").append(e).append(")\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out.toString();
    }

    /** docker's exit code of a service's container once it has exited, null while it runs. */
    Long exitCode(String service) {
        var state = docker().inspectContainerCmd(containerId(service)).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) ? null : state.getExitCodeLong();
    }

    // Testcontainers does not reveal the random project name; after a failed start the containers do.
    private String onlyProjectWithOurPrefix() {
        List<String> projects = docker().listContainersCmd().withShowAll(true).exec().stream()
                .map(container -> container.getLabels().get(PROJECT_LABEL))
                .filter(label -> label != null && label.startsWith(PROJECT_PREFIX))
                .distinct().toList();
        return projects.size() == 1 ? projects.getFirst() : null;
    }

    private List<Container> stackContainers() {
        List<Container> mine = new ArrayList<>();
        for (Container container : docker().listContainersCmd().withShowAll(true).exec()) {
            String label = container.getLabels().get(PROJECT_LABEL);
            // Before startup finished the project name is unknown: any "names-e2e-" stack may be ours (another
            // JVM's stack running beside this one is unlikely and only adds log lines).
            if (label != null && (project == null ? label.startsWith(PROJECT_PREFIX) : label.equals(project))) {
                mine.add(container);
            }
        }
        return mine;
    }

    private ContainerState container(String service) {
        return compose.getContainerByServiceName(instance(service))
                .orElseThrow(() -> new IllegalArgumentException("no container for service " + service));
    }

    // ComposeContainer names instances "<service>-<n>" and only appends "-1" to names not already ending in
    // "-<digits>": memcached-1 must be spelled memcached-1-1.
    private static String instance(String service) {
        return service + "-1";
    }

    /**
     * `compose down -v`, then whatever it left behind: Testcontainers' own JVM-hook reaper may remove
     * containers under compose's feet (making `down` fail before it removed the volumes and network), so
     * the leftovers are removed by label as well.
     */
    private void stopQuietly() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            compose.stop();
        } catch (RuntimeException e) {
            // Usually the reaper removed a container under compose's feet; the label sweep below finishes.
            System.err.println("compose down: " + e.getMessage() + "; removing what is left by label");
        }
        if (project == null) {
            return;
        }
        String filter = PROJECT_LABEL + "=" + project;
        try {
            DockerClient docker = docker();
            docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()
                    .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
            docker.listNetworksCmd().withFilter("label", List.of(filter)).exec()
                    .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
            docker.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes()
                    .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
        } catch (RuntimeException e) {
            System.err.println("removing stack " + project + " failed: " + e);
        }
    }


    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static void requireServiceJars(File root) {
        for (String module : List.of("names-api", "names-writer", "invalidator")) {
            File jar = new File(root, module + "/target/" + module + ".jar");
            if (!jar.isFile()) {
                throw new IllegalStateException(jar + " is missing: package the services first "
                        + "(./mvnw -DskipTests package, or run the whole reactor: ./mvnw verify)");
            }
        }
    }

    private static Map<String, Integer> freePorts(String... variables) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            // All held open at once so the picks are distinct; the kernel does not hand them out again soon.
            for (String variable : variables) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports.put(variable, socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // only a probe
                }
            }
        }
        return ports;
    }
}
