package names.api.nearcache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import names.api.cache.StalenessBound;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache's serve rule and bounds, on a fake clock. Caffeine's expiry is kept still (a ticker that never
 * moves) except where expiry itself is tested, so a refusal is the serve rule's doing, checked on every serve.
 */
class NearCacheTest {

    private static final Duration S = Duration.ofSeconds(2);
    private static final byte[] BODY = "{\"nconst\":\"nm0000001\"}".getBytes(StandardCharsets.UTF_8);

    private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aCopyIsServedUpToTheBoundAfterItsProofAndNeverOnceOlder() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), S);
        Instant readAt = clock.instant().minusMillis(300);
        near.offer("nm0000001", 7, BODY, null, readAt);

        clock.set(readAt.plus(S));
        assertThat(near.lookup("nm0000001", null)).as("exactly S after its read time").isNotNull()
                .satisfies(copy -> assertThat(copy.body()).isSameAs(BODY));

        clock.advance(Duration.ofNanos(1000));
        assertThat(near.lookup("nm0000001", null)).as("1 µs past the bound").isNull();
        assertThat(meters.counter("names.cache.near.refused").count()).isEqualTo(1);
        clock.set(readAt);
        assertThat(near.lookup("nm0000001", null)).as("a refused copy is dropped, not kept for later").isNull();
    }

    @Test
    void theWatermarkReadBeforeTheFetchVouchesForAnOldEntryAsLongAsItWould() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), S);
        Instant watermark = clock.instant().minusMillis(100);
        near.offer("nm0000001", 7, BODY, watermark, clock.instant().minus(Duration.ofHours(1)));

        clock.set(watermark.plus(S).minusMillis(1));
        assertThat(near.lookup("nm0000001", null)).isNotNull();
        clock.set(watermark.plus(S).plusMillis(1));
        assertThat(near.lookup("nm0000001", null)).isNull();
    }

    @Test
    void anEntryAlreadyBeyondTheBoundIsNotCopied() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), S);
        near.offer("nm0000001", 7, BODY, clock.instant().minusSeconds(3), clock.instant().minusSeconds(4));
        near.offer("nm0000002", 7, BODY, null, null);

        assertThat(near.lookup("nm0000001", null)).isNull();
        assertThat(near.lookup("nm0000002", null)).isNull();
        assertThat(near.size()).isZero();
    }

    @Test
    void aTighterMaxAgeRefusesCopiesEarlier() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), Duration.ofMillis(500));
        near.offer("nm0000001", 7, BODY, clock.instant(), null);

        clock.advance(Duration.ofMillis(500));
        assertThat(near.lookup("nm0000001", null)).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(near.lookup("nm0000001", null)).isNull();
    }

    @Test
    void expiryFreesACopyOnceTheRuleWouldRefuseIt() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), S, clock);
        near.offer("nm0000001", 7, BODY, clock.instant(), null);

        clock.advance(S.plusMillis(1));
        near.cleanUp();

        assertThat(near.size()).isZero();
        assertThat(meters.counter("names.cache.near.evictions", "cause", "expired").count()).isEqualTo(1);
    }

    @Test
    void minVersionSkipsAnOlderCopyAndAnOlderOfferNeverReplacesANewerVersion() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), S);
        near.offer("nm0000001", 7, BODY, clock.instant(), null);

        assertThat(near.lookup("nm0000001", 8L)).isNull();
        assertThat(near.lookup("nm0000001", 7L)).isNotNull();

        near.offer("nm0000001", 6, BODY, clock.instant().plusMillis(10), null);
        assertThat(near.lookup("nm0000001", null).version()).isEqualTo(7);
        near.offer("nm0000001", 9, BODY, clock.instant(), null);
        assertThat(near.lookup("nm0000001", null).version()).isEqualTo(9);
    }

    @Test
    void aPassChecksCopiesServedSinceTheirProofAndDropsTheIdleOnes() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), S);
        Instant firstProof = clock.instant();
        near.offer("nm0000001", 7, BODY, firstProof, null);
        near.offer("nm0000002", 7, BODY, firstProof, null);

        List<Map.Entry<String, NearEntry>> due = near.dueForRevalidation();
        assertThat(due).as("a new copy was served by the read that offered it")
                .extracting(Map.Entry::getKey).containsExactlyInAnyOrder("nm0000001", "nm0000002");
        due.forEach(copy -> near.provenAgain(copy.getKey(), copy.getValue(), firstProof.plusMillis(100)));
        near.lookup("nm0000001", null);

        assertThat(near.dueForRevalidation()).extracting(Map.Entry::getKey).containsExactly("nm0000001");
        assertThat(near.holds("nm0000002")).as("not read since its proof: dropped as idle").isFalse();
        assertThat(meters.counter("names.cache.near.evictions", "cause", "idle").count()).isEqualTo(1);
        assertThat(near.dueForRevalidation()).as("still due: not proven again since it was served").hasSize(1);
    }

    @Test
    void aProofIsOnlyExtendedForTheVeryCopyThatWasCheckedAndNeverBackwards() {
        NearCache near = nearCache(1000, DataSize.ofMegabytes(1), S);
        Instant firstProof = clock.instant();
        near.offer("nm0000001", 7, BODY, firstProof, null);
        NearEntry checked = near.dueForRevalidation().getFirst().getValue();

        near.provenAgain("nm0000001", checked, firstProof.minusMillis(1));
        assertThat(near.lookup("nm0000001", null)).as("an older proof changes nothing").isSameAs(checked);
        clock.advance(Duration.ofSeconds(1));
        near.provenAgain("nm0000001", checked, clock.instant());
        clock.set(firstProof.plus(S).plusMillis(500));
        assertThat(near.lookup("nm0000001", null)).as("served past the first proof's bound").isNotNull()
                .satisfies(copy -> assertThat(copy.provenAt()).isEqualTo(firstProof.plusSeconds(1)));

        near.offer("nm0000001", 9, BODY, clock.instant(), null);
        near.drop("nm0000001", checked);
        near.provenAgain("nm0000001", checked, clock.instant().plusSeconds(5));
        assertThat(near.lookup("nm0000001", null)).as("a newer copy offered meanwhile is neither dropped nor"
                + " re-proven for the old one").satisfies(copy -> {
                    assertThat(copy.version()).isEqualTo(9);
                    assertThat(copy.provenAt()).isEqualTo(clock.instant());
                });
        near.drop("nm0000001", near.dueForRevalidation().getFirst().getValue());
        assertThat(near.lookup("nm0000001", null)).isNull();
    }

    @Test
    void entriesStayBoundedUnderAKeySpaceFarLargerThanTheCache() {
        NearCache near = nearCache(100, DataSize.ofMegabytes(1), S);

        for (int i = 0; i < 100_000; i++) {
            near.offer("nm" + i, 1, BODY, clock.instant(), null);
        }
        near.cleanUp();

        System.out.printf("100000 names offered, %d held (max-entries 100), %s size evictions%n", near.size(),
                meters.counter("names.cache.near.evictions", "cause", "size").count());
        assertThat(near.size()).isLessThanOrEqualTo(100);
        assertThat(meters.counter("names.cache.near.evictions", "cause", "size").count()).isGreaterThanOrEqualTo(99_900);
    }

    @Test
    void bytesStayBoundedWhenBodiesAreLarge() {
        DataSize maxBytes = DataSize.ofKilobytes(64);
        NearCache near = nearCache(10_000, maxBytes, S);
        byte[] large = new byte[4096];

        for (int i = 0; i < 10_000; i++) {
            near.offer("nm" + i, 1, large, clock.instant(), null);
        }
        near.cleanUp();

        double weighed = meters.get("names.cache.near.bytes").gauge().value();
        System.out.printf("10000 bodies of 4 KiB offered, %d held, %.0f bytes weighed (max-bytes %d)%n",
                near.size(), weighed, maxBytes.toBytes());
        assertThat(weighed).isLessThanOrEqualTo(maxBytes.toBytes());
        assertThat(near.size() * large.length).isLessThanOrEqualTo(maxBytes.toBytes());
        assertThat(near.size()).isPositive();
    }

    @Test
    void frequentlyReadNamesSurviveAScanOfColdOnes() {
        NearCache near = nearCache(100, DataSize.ofMegabytes(1), S);
        // Ten hot names read all along (a miss offers a copy, as the read path does) while 10000 cold names
        // are read once each.
        for (int i = 0; i < 10_000; i++) {
            for (int hot = 0; hot < 10; hot++) {
                if (near.lookup("nmhot" + hot, null) == null) {
                    near.offer("nmhot" + hot, 1, BODY, clock.instant(), null);
                }
            }
            near.offer("nmcold" + i, 1, BODY, clock.instant(), null);
        }
        near.cleanUp();

        long hotHeld = java.util.stream.IntStream.range(0, 10).filter(hot -> near.holds("nmhot" + hot)).count();
        System.out.printf("after 10000 cold names: %d of 10 hot names still held%n", hotHeld);
        assertThat(hotHeld).isEqualTo(10);
    }

    /** Caffeine's clock stands still here: whatever is refused, the rule alone refused it. */
    private NearCache nearCache(int maxEntries, DataSize maxBytes, Duration bound) {
        return nearCache(maxEntries, maxBytes, bound, () -> 0L);
    }

    private NearCache nearCache(int maxEntries, DataSize maxBytes, Duration bound, Ticker ticker) {
        NearCacheProperties properties = new NearCacheProperties(true, maxEntries, maxBytes, null, Duration.ZERO);
        return new NearCache(properties, new StalenessBound(bound, clock), clock, ticker, Runnable::run, meters);
    }

    /** A settable clock that can also be Caffeine's ticker, so expiry and the rule see the same time. */
    private static final class FakeClock extends Clock implements Ticker {

        private volatile Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long read() {
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
