package names.tools.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerCpuTest {

    @Test
    void readsCgroupV1NanosecondsAndCgroupV2MicrosecondsAsNanoseconds() {
        assertThat(ContainerCpu.parse("cpuacct.usage", List.of("123456789"))).hasValue(123_456_789L);
        assertThat(ContainerCpu.parse("cpu.stat", List.of("usage_usec 4200", "user_usec 4000", "system_usec 200")))
                .hasValue(4_200_000L);
    }

    @Test
    void anUnreadableOrMalformedCounterIsLeftOut(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("cpuacct.usage"), "5000\n");
        Path v2 = Files.createDirectories(dir.resolve("b")).resolve("cpu.stat");
        Files.writeString(v2, "user_usec 3\n");
        Map<String, Path> counters = new LinkedHashMap<>();
        counters.put("writer", good);
        counters.put("kafka", dir.resolve("missing"));
        counters.put("postgres", v2);

        assertThat(ContainerCpu.read(counters).nanos()).containsExactly(entry("writer", 5000L));
        assertThat(ContainerCpu.parse("cpuacct.usage", List.of("x"))).isEmpty();
        assertThat(ContainerCpu.parse("cpuacct.usage", List.of())).isEmpty();
    }

    @Test
    void perWriteFiguresKeepTheGivenOrderAndSkipCountersReadOnceOrThatWentBackwards() {
        ContainerCpu before = new ContainerCpu(Map.of("writer", 1_000_000L, "postgres", 500_000L, "kafka", 9_000_000L));
        Map<String, Long> after = new LinkedHashMap<>();
        after.put("writer", 1_000_000L + 800_000_000L);
        after.put("postgres", 500_000L + 700_000_000L);
        after.put("kafka", 1_000L);
        after.put("api", 50_000L);

        Map<String, Double> perWrite = new ContainerCpu(after).microsPerWrite(before, 1_000);

        assertThat(perWrite).containsOnlyKeys("writer", "postgres");
        assertThat(perWrite.keySet()).containsExactly("writer", "postgres");
        assertThat(perWrite.get("writer")).isCloseTo(800.0, within(1e-9));
        assertThat(perWrite.get("postgres")).isCloseTo(700.0, within(1e-9));
        assertThat(new ContainerCpu(after).microsPerWrite(before, 0)).isEmpty();
    }
}
