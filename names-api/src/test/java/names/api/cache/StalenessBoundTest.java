package names.api.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StalenessBoundTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:10Z");
    private final StalenessBound bound = new StalenessBound(Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anEntryReadWithinTheBoundIsServedAndOneReadJustBeyondItIsNot() {
        assertThat(bound.mayServe(null, NOW.minusSeconds(2))).isTrue();
        assertThat(bound.mayServe(null, NOW.minusSeconds(2).minusNanos(1000))).isFalse();
        assertThat(bound.mayServe(null, NOW.plusSeconds(1))).as("read time ahead of our clock (skew)").isTrue();
    }

    @Test
    void theLaterOfWatermarkAndReadTimeDecides() {
        Instant old = NOW.minusSeconds(3600);
        assertThat(bound.mayServe(NOW.minusSeconds(1), old)).as("recent watermark vouches for an old entry").isTrue();
        assertThat(bound.mayServe(old, NOW.minusSeconds(1))).as("recent read, old watermark").isTrue();
        assertThat(bound.mayServe(NOW.minusSeconds(3), NOW.minusSeconds(4))).isFalse();
    }

    @Test
    void unknownWatermarkAndUnknownReadTimeProveNothing() {
        assertThat(bound.mayServe(null, null)).isFalse();
        assertThat(bound.mayServe(NOW.minusSeconds(5), null)).isFalse();
        assertThat(bound.mayServe(null, NOW.minusSeconds(5))).isFalse();
    }

    @Test
    void aZeroBoundServesEverythingAsBeforeTheBoundExisted() {
        StalenessBound off = new StalenessBound(Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(off.enabled()).isFalse();
        assertThat(off.mayServe(null, null)).isTrue();
    }
}
