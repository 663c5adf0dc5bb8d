package names.e2e;

import java.util.List;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;
import names.contract.cache.CacheKeys;
import names.contract.cache.NameSnapshot;
import names.memcached.MemcachedNode;
import names.tools.check.CheckResult;
import names.tools.check.CheckerOptions;
import names.tools.check.ConsistencyChecker;
import names.tools.check.ObserverCounts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The randomized workload, run against the compose stack, leaves nothing stale. */
class ConsistencyCheckerE2ETest extends E2ETestBase {

    @Test
    void randomizedConcurrentWorkloadLeavesNoStaleEntryOnAnyNode() throws Exception {
        CheckerOptions options = CheckerOptions.parse(
                "--api", stack.apiUri().toString(),
                "--writer", stack.writerUri().toString(),
                "--invalidator", stack.invalidatorUri().toString(),
                "--api-key", stack.writerApiKey(),
                "--memcached", String.join(",", stack.memcachedServers()),
                "--kafka", stack.kafkaBootstrap(),
                "--jdbc-url", stack.jdbcUrl(),
                "--names", "100",
                "--duration", "30s",
                "--readers", "3",
                "--writers", "2",
                "--seed", "20240601");

        CheckResult result = ConsistencyChecker.run(options, System.out);

        assertThat(result.operations()).as("operations done").isGreaterThan(500);
        assertThat(result.failedOperations()).as("operations that failed").isZero();
        assertThat(result.stalenessMicros().getTotalCount()).as("staleness samples").isPositive();
        assertThat(result.staleEntries()).as("stale entries").isZero();
        assertThat(result.readsMeasured()).as("reads measured for staleness").isPositive();
        assertThat(result.readsOverMaxStaleness()).as("a read staler than " + options.maxStaleness()
                + " (maximum " + result.maxReadStaleness() + ")").isFalse();
        // The system's own observers saw the same run: they checked, and found nothing (no false positive).
        assertThat(result.observers()).as("observers reported").allMatch(ObserverCounts::available);
        assertThat(result.observers().getFirst().checks()).as("invalidation checks during the run").isPositive();
        assertThat(result.observerInconsistencies()).as("inconsistencies the observers counted").isZero();
    }

    @Test
    void auditReportsAnOldVersionLeftInMemcachedOnEveryNode() throws Exception {
        String nconst = newNconst();
        int year = newBirthYear();
        long old = create(name(nconst, "Hana Old", year)).version();
        replace(name(nconst, "Hana Current", year));
        awaitPipelineIdle();
        // This test is about the checker's audit: plant once the invalidator's consistency observer has made
        // its last check of the change, which would otherwise find and repair the entry (its own e2e test).
        awaitObserverChecksMade();
        // What a fill racing an invalidation would leave behind: the old version, here on both nodes.
        String stale = CacheEntryCodec.encode(new CacheEntry.Found(
                new NameSnapshot(nconst, "Hana Old", year, null, List.of("actor"), List.of("tt0000001"), old)));
        for (MemcachedNode node : memcached.nodes()) {
            assertThat(node.client().set(CacheKeys.name(nconst), 0, stale)).as("planted on %s", node).isTrue();
        }

        // The api reads memcached only while its cache is usable. Right after the randomized workload its
        // circuit breaker can still be open (memcached timeouts under that load) and it answers from
        // PostgreSQL, correctly: the audit would then find nothing wrong with the api. Start the audit once
        // the api does serve the planted entry.
        await("api serving the planted entry").atMost(PROPAGATION).until(() -> api.get(nconst).version() == old);

        CheckResult result = ConsistencyChecker.run(CheckerOptions.parse(
                "--api", stack.apiUri().toString(),
                "--memcached", String.join(",", stack.memcachedServers()),
                "--kafka", stack.kafkaBootstrap(),
                "--jdbc-url", stack.jdbcUrl(),
                "--audit-only",
                "--names", "1",
                "--first-nconst", nconst.substring(2),
                "--years", year + "-" + year), System.out);

        assertThat(result.audit().staleCacheEntries()).as("stale memcached entries").isEqualTo(2);
        assertThat(result.audit().apiMismatches()).as("api serving the planted entry").isEqualTo(1);
        assertThat(result.staleEntries()).isEqualTo(3);
        assertThat(result.audit().findings()).allMatch(finding -> finding.startsWith(nconst));
        // Leave nothing stale for the api's cache inspection to find during another test's run.
        for (MemcachedNode node : memcached.nodes()) {
            node.client().delete(CacheKeys.name(nconst));
        }
    }
}
