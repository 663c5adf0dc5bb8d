package names.tools.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalDouble;

import names.tools.lag.WarmUpPolicy.Verdict;
import org.junit.jupiter.api.Test;

class WarmUpPolicyTest {

    private static final Duration SLICE = Duration.ofSeconds(10);
    private final WarmUpPolicy policy = new WarmUpPolicy(Duration.ofSeconds(60), Duration.ofSeconds(240),
            Duration.ofMillis(250), SLICE);

    @Test
    void aQuietJitDoesNotEndTheWarmUpBeforeTheMinimum() {
        assertThat(policy.verdict(Duration.ofSeconds(50), OptionalDouble.of(0))).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void endsAtTheFirstQuietSliceAfterTheMinimum() {
        assertThat(policy.verdict(Duration.ofSeconds(60), OptionalDouble.of(3118))).isEqualTo(Verdict.CONTINUE);
        assertThat(policy.verdict(Duration.ofSeconds(120), OptionalDouble.of(249))).isEqualTo(Verdict.JIT_SETTLED);
        assertThat(policy.verdict(Duration.ofSeconds(120), OptionalDouble.of(250))).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void endsAtTheMaximumWhileStillCompilingAndSaysSo() {
        assertThat(policy.verdict(Duration.ofSeconds(240), OptionalDouble.of(900)))
                .isEqualTo(Verdict.MAXIMUM_REACHED);
    }

    @Test
    void withoutACompileFigureTheMinimumIsUsed() {
        assertThat(policy.verdict(Duration.ofSeconds(60), OptionalDouble.empty())).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void theLastSliceIsShortenedToTheMaximum() {
        WarmUpPolicy odd = new WarmUpPolicy(Duration.ofSeconds(30), Duration.ofSeconds(45), Duration.ZERO, SLICE);

        assertThat(odd.nextSlice(Duration.ZERO)).isEqualTo(SLICE);
        assertThat(odd.nextSlice(Duration.ofSeconds(40))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void isAdaptiveOnlyWithAMaximumAboveTheMinimum() {
        assertThat(policy.adaptive()).isTrue();
        assertThat(WarmUpPolicy.of(LagOptions.parse("--ids-file", "x", "--warmup", "60s"), SLICE).adaptive())
                .isFalse();
        assertThatThrownBy(() -> new WarmUpPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ZERO,
                SLICE)).isInstanceOf(IllegalArgumentException.class);
    }
}
