package names.tools.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrometheusHistogramTest {

    private static final String METRIC = "names_invalidation_lag_seconds";

    private static String scrape(long le1ms, long le5ms, long le10ms, long inf) {
        return """
                # HELP names_invalidation_lag_seconds Time from a change's commit to its cache keys being deleted
                # TYPE names_invalidation_lag_seconds histogram
                names_invalidation_lag_seconds_bucket{application="invalidator",le="0.001"} %d
                names_invalidation_lag_seconds_bucket{application="invalidator",le="0.005"} %d
                names_invalidation_lag_seconds_bucket{application="invalidator",le="0.01"} %d
                names_invalidation_lag_seconds_bucket{application="invalidator",le="+Inf"} %d
                names_invalidation_lag_seconds_count{application="invalidator"} %d
                names_invalidation_lag_seconds_sum{application="invalidator"} 1.5
                names_invalidation_lag_seconds{application="invalidator",quantile="0.5"} 0.004
                other_metric_seconds_bucket{le="0.001"} 999
                """.formatted(le1ms, le5ms, le10ms, inf, inf);
    }

    @Test
    void quantileInterpolatesLinearlyInsideTheBucketLikeHistogramQuantile() {
        // 100 samples: 0 below 1 ms, 100 in (1 ms, 5 ms]
        PrometheusHistogram h = PrometheusHistogram.parse(scrape(0, 100, 100, 100), METRIC);

        assertThat(h.count()).isEqualTo(100);
        assertThat(h.quantile(0.5)).isCloseTo(0.003, within(1e-9));
        assertThat(h.quantile(0.99)).isCloseTo(0.001 + 0.004 * 0.99, within(1e-9));
    }

    @Test
    void firstBucketInterpolatesFromZero() {
        PrometheusHistogram h = PrometheusHistogram.parse(scrape(10, 10, 10, 10), METRIC);

        assertThat(h.quantile(0.5)).isCloseTo(0.0005, within(1e-9));
    }

    @Test
    void quantileInTheInfiniteBucketIsTheHighestFiniteBound() {
        PrometheusHistogram h = PrometheusHistogram.parse(scrape(0, 0, 50, 100), METRIC);

        assertThat(h.quantile(0.99)).isEqualTo(0.01);
    }

    @Test
    void differenceOfTwoScrapesHoldsOnlyTheSamplesRecordedInBetween() {
        PrometheusHistogram before = PrometheusHistogram.parse(scrape(1000, 1000, 1000, 1000), METRIC);
        PrometheusHistogram after = PrometheusHistogram.parse(scrape(1000, 1100, 1200, 1200), METRIC);

        PrometheusHistogram delta = after.minus(before);

        // 100 new in (1, 5] ms and 100 new in (5, 10] ms: the old sub-millisecond samples must not pull p50 down
        assertThat(delta.count()).isEqualTo(200);
        assertThat(delta.quantile(0.5)).isCloseTo(0.005, within(1e-9));
        assertThat(delta.quantile(0.75)).isCloseTo(0.0075, within(1e-9));
    }

    @Test
    void bucketsOfSeveralLabelSetsAreSummed() {
        String text = """
                lag_seconds_bucket{instance="a",le="0.01"} 3
                lag_seconds_bucket{instance="a",le="+Inf"} 3
                lag_seconds_bucket{le="0.01",instance="b"} 1
                lag_seconds_bucket{le="+Inf",instance="b"} 5
                """;

        PrometheusHistogram h = PrometheusHistogram.parse(text, "lag_seconds");

        assertThat(h.count()).isEqualTo(8);
        assertThat(h.quantile(0.5)).isCloseTo(0.01, within(1e-9));
    }

    @Test
    void absentMetricIsAnEmptyHistogram() {
        PrometheusHistogram h = PrometheusHistogram.parse("# nothing here\n", METRIC);

        assertThat(h.count()).isZero();
        assertThat(h.quantile(0.5)).isNaN();
    }
}
