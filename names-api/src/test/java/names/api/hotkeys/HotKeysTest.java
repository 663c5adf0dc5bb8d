package names.api.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HotKeysTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    private final AtomicLong clock = new AtomicLong();
    private final HotKeys hotKeys = new HotKeys(new HotKeysProperties(true, 10, 2, WINDOW), clock::get);

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
    void disabledTrackingReportsNothing() {
        HotKeys disabled = new HotKeys(new HotKeysProperties(false, 10, 2, WINDOW), clock::get);
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
