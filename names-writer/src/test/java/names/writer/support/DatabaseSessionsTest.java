package names.writer.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every session of the service's pool is set up with, whatever the statement. */
class DatabaseSessionsTest extends WriterIntegrationTest {

    @Test
    void theServicesSessionsNeverStartParallelWorkersAndStillLogChangesWithoutNotifying() {
        assertThat(jdbc.queryForObject("SHOW max_parallel_workers_per_gather", String.class)).isEqualTo("0");
        // The relay's own option is appended to the pool's options, not put in their place.
        assertThat(jdbc.queryForObject("SHOW names.change_notify", String.class)).isEqualTo("off");
    }
}
