package names.api.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HotKeysTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    private final AtomicLong clock = new AtomicLong();
    private final HotKeys hotKeys = new HotKeys(new HotKeysProperties(true, 10, 2, WINDOW, 1), clock::get);

    @Test
    void reportsTheTopKeysOfCurrentAndPreviousWindowMerged() {
        record("a", 3);
        record("b", 1);
        advance(WINDOW);
        record("b", 4);
        record("c", 2);

        assertThat(hotKeys.top()).containsExactly(new HotKeys.HotKey("b", 5), new HotKeys.HotKey("a", 3));
    }

    @Test
    void forgetsKeysOlderThanTwoWindows() {
        record("old", 9);
        advance(WINDOW);
        record("new", 1);
        advance(WINDOW);

        assertThat(hotKeys.top()).containsExactly(new HotKeys.HotKey("new", 1));
    }

    @Test
    void aLongIdlePeriodDropsBothBuckets() {
        record("stale", 5);
        advance(WINDOW.multipliedBy(5));

        assertThat(hotKeys.top()).isEmpty();
    }

    @Test
    void sampledCountingStillRanksTheHotKeyFirstWithAScaledUpEstimate() {
        HotKeys sampled = new HotKeys(new HotKeysProperties(true, 10, 2, WINDOW, 4), clock::get);
        for (int i = 0; i < 4000; i++) {
            sampled.record("hot");
            if (i % 100 == 0) {
                sampled.record("cold");
            }
        }

        List<HotKeys.HotKey> top = sampled.top();

        assertThat(top.getFirst().key()).isEqualTo("hot");
        // ~1000 of 4000 reads counted, times 4; the bounds are more than 5 standard deviations wide.
        assertThat(top.getFirst().count()).isBetween(3400L, 4600L);
    }

    @Test
    void disabledTrackingReportsNothing() {
        HotKeys disabled = new HotKeys(new HotKeysProperties(false, 10, 2, WINDOW, 1), clock::get);
        disabled.record("a");
        assertThat(disabled.top()).isEmpty();
    }

    private void record(String key, int times) {
        for (int i = 0; i < times; i++) {
            hotKeys.record(key);
        }
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }
}
