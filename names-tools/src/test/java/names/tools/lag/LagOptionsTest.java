package names.tools.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import names.memcached.MemcachedNodeSpec;
import org.junit.jupiter.api.Test;

class LagOptionsTest {

    @Test
    void defaultsMatchTheBrief() {
        LagOptions o = LagOptions.parse("--ids-file", "ids.txt");

        assertThat(o.rate()).isEqualTo(500);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.sampleEvery()).isEqualTo(5);
        assertThat(o.maxInFlight()).isEqualTo(128);
        assertThat(o.pollInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(o.lagTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.outDir()).isEqualTo(Path.of("build/bench"));
        assertThat(o.memcached().nodes()).extracting(MemcachedNodeSpec::address)
                .containsExactly("localhost:11211", "localhost:11212");
        assertThat(o.idsFile()).isEqualTo(Path.of("ids.txt"));
        assertThat(o.cpuCounters()).isEmpty();
    }

    @Test
    void cpuCountersAreRepeatableAndKeepTheirOrder() {
        LagOptions o = LagOptions.parse("--ids-file", "ids.txt", "--cpu-of", "names-writer=/w/cpuacct.usage",
                "--cpu-of", "postgres=/p/cpu.stat", "--cpu-of", "kafka=/k/cpuacct.usage");

        assertThat(o.cpuCounters().keySet()).containsExactly("names-writer", "postgres", "kafka");
        assertThat(o.cpuCounters()).containsEntry("postgres", Path.of("/p/cpu.stat"));
    }

    @Test
    void bothOptionSpellingsAndDurationUnitsAreAccepted() {
        LagOptions o = LagOptions.parse("--ids-file=x", "--rate", "50", "--duration=2m", "--warmup", "500ms",
                "--poll-interval", "250us", "--memcached", "a:1, b:2");

        assertThat(o.rate()).isEqualTo(50);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.pollInterval()).isEqualTo(Duration.ofNanos(250_000));
        assertThat(o.memcached().nodes()).extracting(MemcachedNodeSpec::address).containsExactly("a:1", "b:2");
    }

    @Test
    void warmUpIsFixedUnlessAMaximumIsGiven() {
        LagOptions fixed = LagOptions.parse("--ids-file", "x", "--warmup", "60s");
        LagOptions adaptive = LagOptions.parse("--ids-file", "x", "--warmup", "60s", "--warmup-max", "4m",
                "--jit-quiet", "100ms");

        assertThat(fixed.warmupMax()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fixed.jitQuiet()).isEqualTo(Duration.ofMillis(250));
        assertThat(adaptive.warmupMax()).isEqualTo(Duration.ofMinutes(4));
        assertThat(adaptive.jitQuiet()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> LagOptions.parse("--ids-file", "x", "--warmup", "60s", "--warmup-max", "30s"))
                .hasMessageContaining("--warmup-max must be >= --warmup");
    }

    @Test
    void unknownOptionsAndMissingIdsAreRefused() {
        assertThatThrownBy(() -> LagOptions.parse("--ids-file", "x", "--rat", "5")).hasMessageContaining("--rat");
        assertThatThrownBy(() -> LagOptions.parse("--rate", "5")).hasMessageContaining("--ids-file");
        assertThatThrownBy(() -> LagOptions.parse("--ids-file", "x", "--rate", "0")).hasMessageContaining("--rate");
    }
}
