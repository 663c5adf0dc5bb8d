package names.tools.report;

import org.HdrHistogram.ConcurrentHistogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistogramReportTest {

    @Test
    void printsPercentilesInMilliseconds() {
        ConcurrentHistogram micros = HistogramReport.newMicrosHistogram();
        for (int i = 1; i <= 100; i++) {
            micros.recordValue(i * 1_000L);
        }

        // HdrHistogram reports the highest value equivalent to a recorded one (3 significant digits).
        assertThat(HistogramReport.format(micros))
                .matches("count=100 p50=50\\.0\\dms p90=90\\.0\\dms p99=99\\.0\\dms max=100\\.0\\dms");
    }

    @Test
    void saysSoWhenNothingWasRecorded() {
        assertThat(HistogramReport.format(HistogramReport.newMicrosHistogram())).isEqualTo("count=0");
    }
}
