package names.e2e;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The compose file works as written, not only the parts the other scenarios lean on. */
class ComposeStackE2ETest extends E2ETestBase {

    @Test
    void demoDataLoaderFillsAFreshStackAndExitsCleanly() {
        await("demo-data finished").atMost(Duration.ofMinutes(2))
                .until(() -> stack.exitCode(ComposeStack.DEMO_DATA) != null);

        assertThat(stack.exitCode(ComposeStack.DEMO_DATA)).as("demo-data exit code").isZero();
        // The generator numbers its rows from nm0000001.
        assertThat(stack.psql("SELECT count(*) FROM names WHERE nconst BETWEEN 'nm0000001' AND 'nm"
                + String.format("%07d", ComposeStack.DEMO_ROWS) + "'"))
                .isEqualTo(String.valueOf(ComposeStack.DEMO_ROWS));
    }
}
