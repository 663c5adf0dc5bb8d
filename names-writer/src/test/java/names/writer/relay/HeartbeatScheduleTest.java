package names.writer.relay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatScheduleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HeartbeatSchedule schedule = new HeartbeatSchedule(Duration.ofMillis(100), now::get);

    @Test
    void theFirstHeartbeatIsDueAtOnceAndTheNextAfterTheInterval() {
        assertThat(schedule.due()).isTrue();
        schedule.sent();
        now.addAndGet(Duration.ofMillis(99).toNanos());
        assertThat(schedule.due()).isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(schedule.due()).isTrue();
    }

    @Test
    void aSlowPendingScanStretchesTheIntervalToTenTimesItsDuration() {
        schedule.scanned(Duration.ofMillis(500).toNanos());
        schedule.sent();

        assertThat(schedule.intervalNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(schedule.due()).isFalse();
        assertThat(schedule.untilDueMillis()).isEqualTo(1000);

        schedule.scanned(Duration.ofMillis(2).toNanos());
        assertThat(schedule.intervalNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(schedule.due()).isTrue();
    }
}
