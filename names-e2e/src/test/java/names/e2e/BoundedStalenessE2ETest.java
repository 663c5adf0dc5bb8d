package names.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import names.tools.client.ApiClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The staleness bound on the real stack (compose defaults: S = 2 s): under each single fault that stops
 * invalidations, a name changed during the fault is served with its new value within S plus a margin, other
 * names keep answering without 5xx, and hits come back once the fault heals.
 */
class BoundedStalenessE2ETest extends E2ETestBase {

    private static final Duration BOUND = Duration.ofSeconds(2);
    /** Generous: poll interval, two busy cores, a JVM pause. The measured time is printed. */
    private static final Duration WITHIN = BOUND.plusSeconds(8);
    private static final Duration HEAL = Duration.ofMinutes(3);

    @Test
    void withTheInvalidatorStoppedAChangedNameIsServedWithinTheBound() throws Exception {
        List<String> names = cachedNames(4);
        String changed = names.getFirst();
        stack.stop(ComposeStack.INVALIDATOR);
        try {
            long version = replace(name(changed, "Changed While Invalidator Down", 1950)).version();
            awaitServed(changed, version, "invalidator stopped");
            othersAnswer(names);
        } finally {
            stack.start(ComposeStack.INVALIDATOR);
        }
        awaitHealthy(ComposeStack.INVALIDATOR, stack.invalidatorUri());
        awaitHitsAgain(names);
    }

    @Test
    void withKafkaPausedAChangedNameIsServedWithinTheBound() throws Exception {
        List<String> names = cachedNames(4);
        String changed = names.getFirst();
        stack.pause(ComposeStack.KAFKA);
        try {
            long version = replace(name(changed, "Changed While Kafka Paused", 1951)).version();
            awaitServed(changed, version, "kafka paused");
            othersAnswer(names);
        } finally {
            stack.unpause(ComposeStack.KAFKA);
        }
        awaitHitsAgain(names);
    }

    @Test
    void withTheWriterStoppedANameChangedBySqlIsServedWithinTheBound() throws Exception {
        List<String> names = cachedNames(4);
        String changed = names.getFirst();
        stack.stop(ComposeStack.WRITER);
        try {
            long version = Long.parseLong(stack.psql("UPDATE names SET primary_name = 'Changed By Hand' WHERE nconst = '"
                    + changed + "' RETURNING version").lines().findFirst().orElseThrow());
            awaitServed(changed, version, "writer stopped, SQL by hand");
            othersAnswer(names);
        } finally {
            stack.start(ComposeStack.WRITER);
        }
        awaitHealthy(ComposeStack.WRITER, stack.writerUri());
        awaitHitsAgain(names);
    }

    /**
     * During the pause the node's keys are read from PostgreSQL; after it, the node still holds the old entry
     * until its backlog is applied, and its watermark is old until then: the api must not serve it meanwhile.
     */
    @Test
    void afterAPausedNodeResumesItsOldEntriesAreNotServedBeforeItsBacklogIsApplied() throws Exception {
        List<String> names = cachedNames(12);
        List<String> onNode = namesHeldBy(ComposeStack.MEMCACHED_1, names);
        assertThat(onNode).as("names cached on the node about to be paused").isNotEmpty();
        String changed = onNode.getFirst();
        long version;
        stack.pause(ComposeStack.MEMCACHED_1);
        try {
            version = replace(name(changed, "Changed While Node Paused", 1952)).version();
            awaitServed(changed, version, "memcached-1 paused");
            othersAnswer(names);
        } finally {
            stack.unpause(ComposeStack.MEMCACHED_1);
        }
        long resumed = System.nanoTime();
        // From the moment it answers again: never the old value, whether or not its delete is applied yet.
        await("memcached-1's backlog applied").atMost(HEAL).pollInterval(Duration.ofMillis(50)).until(() -> {
            ApiClient.NameRead read = api.get(changed);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.version()).as("served after resume (X-Cache %s)", read.cache()).isEqualTo(version);
            return "hit".equals(read.cache());
        });
        System.out.printf("[memcached-1 resumed] the changed name is a hit again %d ms after resume%n",
                (System.nanoTime() - resumed) / 1_000_000);
        awaitHitsAgain(names);
    }

    /**
     * A bulk import commits 100 000 change rows at once: the relay publishes them for seconds, every node's
     * group applies them behind that, and the watermarks lag meanwhile. A name changed right after the
     * import is queued behind the whole backlog, and is still served with its new value within the bound.
     */
    @Test
    void behindA100kRowImportsBacklogAChangedNameIsServedWithinTheBound() throws Exception {
        List<String> names = cachedNames(4);
        String changed = names.getFirst();
        Path file = Files.createTempFile("names-e2e-import", ".tsv.gz");
        try {
            writerCommand("generate", "100000", file.toString(), "99");
            writerCommand("import", file.toString());
            long version = replace(name(changed, "Changed Behind The Import", 1953)).version();
            long pending = Long.parseLong(stack.psql("SELECT count(*) FROM name_changes_pending"));
            System.out.printf("[import backlog] %d change rows still unpublished when the name was changed%n", pending);
            awaitServed(changed, version, "behind a 100k-row import");
            othersAnswer(names);
        } finally {
            Files.deleteIfExists(file);
        }
        awaitPipelineIdle();
        awaitHitsAgain(names);
    }

    /** Runs the writer's own command line (generate, import) against the stack's PostgreSQL, as an operator would. */
    private static void writerCommand(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", new File("../names-writer/target/names-writer.jar").getAbsolutePath()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SPRING_DATASOURCE_URL", stack.jdbcUrl());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", args[0]).isTrue();
            assertThat(process.exitValue()).as("%s exit status", args[0]).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Names created, relayed, invalidated and cached (each read once as a miss, then a hit). */
    private static List<String> cachedNames(int count) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String nconst = newNconst();
            create(name(nconst, "Bounded " + i, 1940));
            names.add(nconst);
        }
        awaitPipelineIdle();
        for (String nconst : names) {
            await("cached " + nconst).atMost(PROPAGATION).until(() -> "hit".equals(api.get(nconst).cache()));
        }
        return names;
    }

    private static void awaitServed(String nconst, long version, String fault) {
        long start = System.nanoTime();
        ApiClient.NameRead read = await(fault + ": " + nconst + " served at version " + version).atMost(WITHIN)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> api.get(nconst), r -> r.status() == 200 && r.version() == version);
        System.out.printf("[%s] new value served %d ms after the change (X-Cache %s, bound %d ms)%n", fault,
                (System.nanoTime() - start) / 1_000_000, read.cache(), BOUND.toMillis());
    }

    private static void othersAnswer(List<String> names) throws Exception {
        for (String nconst : names) {
            assertThat(api.get(nconst).status()).as(nconst).isEqualTo(200);
        }
    }

    private static void awaitHitsAgain(List<String> names) {
        long start = System.nanoTime();
        await("hits again after the fault").atMost(HEAL).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String nconst : names) {
                assertThat(api.get(nconst).cache()).as(nconst).isEqualTo("hit");
            }
        });
        System.out.printf("hits again %d ms after the fault healed%n", (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * A restarted service is healthy and answers this JVM again: the first request after a restart may fail
     * on a pooled keep-alive connection to the old process, so one request is retried until it succeeds.
     */
    private static void awaitHealthy(String service, java.net.URI base) {
        await(service + " healthy again").atMost(HEAL).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> "healthy".equals(stack.health(service)) && http.send(
                        java.net.http.HttpRequest.newBuilder(base.resolve("/actuator/health"))
                                .timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
