package names.e2e;

import names.e2e.checker.CheckResult;
import names.e2e.checker.CheckerOptions;
import names.e2e.checker.ConsistencyChecker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The randomized workload, run against the compose stack, leaves nothing stale. */
class ConsistencyCheckerE2ETest extends E2ETestBase {

    @Test
    void randomizedConcurrentWorkloadLeavesNoStaleEntryOnAnyNode() throws Exception {
        CheckerOptions options = CheckerOptions.parse(
                "--api", stack.apiUri().toString(),
                "--writer", stack.writerUri().toString(),
                "--api-key", stack.writerApiKey(),
                "--memcached", String.join(",", stack.memcachedAddresses()),
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
    }
}
