package names.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusCounterTest {

    private static final String EXPOSITION = """
            # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
            # TYPE jvm_compilation_time_ms_total counter
            jvm_compilation_time_ms_total{application="invalidator",compiler="HotSpot 64-Bit Tiered Compilers"} 9862.0
            jvm_compilation_time_ms_total{compiler="other"} 38.0
            jvm_compilation_time_ms_total_other 5.0
            process_uptime_seconds 120.5
            """;

    @Test
    void sumsEveryLabelSetOfTheNamedSampleOnly() {
        assertThat(PrometheusCounter.sum(EXPOSITION, "jvm_compilation_time_ms_total")).hasValue(9900.0);
    }

    @Test
    void readsASampleWithoutLabels() {
        assertThat(PrometheusCounter.sum(EXPOSITION, "process_uptime_seconds")).hasValue(120.5);
    }

    @Test
    void tellsAnAbsentMetricFromZero() {
        assertThat(PrometheusCounter.sum(EXPOSITION, "jvm_gc_pause_seconds_count")).isEmpty();
        assertThat(PrometheusCounter.sum("", "jvm_compilation_time_ms_total")).isEmpty();
    }
}
