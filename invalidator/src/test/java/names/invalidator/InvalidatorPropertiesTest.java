package names.invalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import names.memcached.MemcachedPoolSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class InvalidatorPropertiesTest {

    @Test
    void bindsPoolsAndFillsEveryOtherKnobWithItsDefault() {
        InvalidatorProperties properties = bind(Map.of(
                "names.invalidator.pools[0].name", "zone-a",
                "names.invalidator.pools[0].servers", "m1:11211,m2:11211",
                "names.invalidator.pools[0].operation-timeout", "500ms",
                "names.invalidator.pools[1].name", "zone-b",
                "names.invalidator.pools[1].servers[0]", "m3:11211"));

        assertThat(properties.pools()).extracting(MemcachedPoolSettings::name).containsExactly("zone-a", "zone-b");
        assertThat(properties.pools().get(0).servers()).containsExactly("m1:11211", "m2:11211");
        assertThat(properties.pools().get(0).operationTimeout()).hasMillis(500);
        assertThat(properties.groupId()).isEqualTo("names-invalidator");
        assertThat(properties.concurrency()).isEqualTo(1);
        assertThat(properties.maxPollRecords()).isEqualTo(500);
        assertThat(properties.sharedReadWindow()).isEqualTo(4096);
        assertThat(properties.commitInterval()).hasSeconds(1);
        assertThat(properties.retry().initialInterval()).hasMillis(100);
        assertThat(properties.retry().multiplier()).isEqualTo(2.0);
        assertThat(properties.retry().maxInterval()).hasSeconds(5);
    }

    @Test
    void rejectsTwoPoolsWithOneNameBecauseTheirMetricsWouldMerge() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidatorProperties(
                List.of(MemcachedPoolSettings.of("a", List.of("m1:11211")), MemcachedPoolSettings.of("a", List.of("m2:11211"))),
                "names-invalidator", 1, 500, 4096, Duration.ofSeconds(1), new InvalidatorProperties.Retry(
                        Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1)))
                .withMessageContaining("duplicate memcached pool name");
    }

    @Test
    void rejectsAnInvalidatorWithoutPools() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidatorProperties(List.of(),
                "names-invalidator", 1, 500, 4096, Duration.ofSeconds(1), null, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1)))
                .withMessageContaining("at least one memcached pool");
    }

    @Test
    void rejectsANegativeCommitIntervalButAcceptsZeroForACommitAfterEveryBatch() {
        InvalidatorProperties everyBatch = bind(Map.of("names.invalidator.pools[0].name", "a",
                "names.invalidator.pools[0].servers", "m1:11211", "names.invalidator.commit-interval", "0s"));
        assertThat(everyBatch.commitInterval()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidatorProperties(
                List.of(MemcachedPoolSettings.of("a", List.of("m1:11211"))), "names-invalidator", 1, 500, 4096,
                Duration.ofMillis(-1), new InvalidatorProperties.Retry(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1)))
                .withMessageContaining("commit-interval");
    }

    @Test
    void rejectsANegativeSharedReadWindowButAcceptsZeroForNoSharing() {
        InvalidatorProperties unshared = bind(Map.of("names.invalidator.pools[0].name", "a",
                "names.invalidator.pools[0].servers", "m1:11211", "names.invalidator.shared-read-window", "0"));
        assertThat(unshared.sharedReadWindow()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidatorProperties(
                List.of(MemcachedPoolSettings.of("a", List.of("m1:11211"))), "names-invalidator", 1, 500, -1,
                Duration.ofSeconds(1), new InvalidatorProperties.Retry(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1)))
                .withMessageContaining("shared-read-window");
    }

    @Test
    void aRingMarkerMustOutliveTwoRenewals() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidatorProperties(
                List.of(MemcachedPoolSettings.of("a", List.of("m1:11211"))), "names-invalidator", 1, 500, 4096,
                Duration.ofSeconds(1), new InvalidatorProperties.Retry(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)),
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofHours(1)))
                .withMessageContaining("ring-marker-ttl");
    }

    private static InvalidatorProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("names.invalidator", InvalidatorProperties.class);
    }
}
