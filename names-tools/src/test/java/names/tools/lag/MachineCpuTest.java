package names.tools.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineCpuTest {

    @Test
    void countsIrqAndSoftirqAsBusyIowaitAsIdleAndStealApart() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        MachineCpu cpu = MachineCpu.parse("cpu  100 5 40 800 20 3 7 25 9 0").orElseThrow();

        assertThat(cpu).isEqualTo(new MachineCpu(155, 820, 25));
    }

    @Test
    void sharesAreOfAllTheTimeBetweenTwoReadings() {
        MachineCpu before = new MachineCpu(1_000, 5_000, 10);
        MachineCpu after = new MachineCpu(1_000 + 180, 5_000 + 15, 10 + 5);

        MachineCpu.Usage usage = after.since(before).orElseThrow();

        assertThat(usage.busy()).isCloseTo(0.90, within(1e-9));
        assertThat(usage.stolen()).isCloseTo(0.025, within(1e-9));
    }

    @Test
    void noUsageWhenNoTickWentByOrTheCountersWentBackwards() {
        MachineCpu reading = new MachineCpu(1_000, 5_000, 10);

        assertThat(reading.since(reading)).isEmpty();
        assertThat(new MachineCpu(900, 5_100, 10).since(reading)).isEmpty();
    }

    @Test
    void rejectsLinesThatAreNotTheAggregateCpuLine() {
        assertThat(MachineCpu.parse("cpu0 100 5 40 800 20 3 7 25 9 0")).isEmpty();
        assertThat(MachineCpu.parse("cpu  100 5 40")).isEmpty();
        assertThat(MachineCpu.parse("cpu  100 5 40 800 x 3 7 25")).isEmpty();
    }

    @Test
    void readsTheAggregateLineOfAProcStatFile(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, """
                cpu  100 5 40 800 20 3 7 25 0 0
                cpu0 50 2 20 400 10 1 3 12 0 0
                intr 12345
                """);

        assertThat(MachineCpu.read(stat)).contains(new MachineCpu(155, 820, 25));
        assertThat(MachineCpu.read(dir.resolve("missing"))).isEmpty();
    }
}
