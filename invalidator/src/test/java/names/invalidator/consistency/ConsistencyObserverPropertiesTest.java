package names.invalidator.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.Test;

class ConsistencyObserverPropertiesTest {

    @Test
    void defaultsCheckEveryEventAfterOneTenAndSixtySeconds() {
        ConsistencyObserverProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.sampleRate()).isEqualTo(1.0);
        assertThat(properties.windows()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(60));
        assertThat(properties.windows()).extracting(ConsistencyObserverProperties::tag).containsExactly("1s", "10s", "60s");
        assertThat(properties.gather()).isEqualTo(Duration.ofMillis(100));
        assertThat(properties.queueCapacity()).isEqualTo(200_000);
        assertThat(properties.period()).hasMinutes(5);
        assertThat(properties.firstPageLimits()).containsExactly(20);
    }

    @Test
    void bindsTheEnvironmentsCommaSeparatedWindowsAndTagsSubSecondOnesInMilliseconds() {
        ConsistencyObserverProperties properties = bind(Map.of("names.invalidator.consistency.windows", "500ms,5s,15s",
                "names.invalidator.consistency.enabled", "false"));

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.windows()).extracting(ConsistencyObserverProperties::tag).containsExactly("500ms", "5s", "15s");
    }

    @Test
    void rejectsWindowsOutOfOrderARateAboveOneAndANegativeGather() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ConsistencyObserverProperties(true, 1.0,
                List.of(Duration.ofSeconds(10), Duration.ofSeconds(1)), Duration.ZERO, 10, Duration.ofMinutes(5), 20,
                List.of(20)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ConsistencyObserverProperties(true, 1.5,
                List.of(Duration.ofSeconds(1)), Duration.ZERO, 10, Duration.ofMinutes(5), 20, List.of(20)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ConsistencyObserverProperties(true, 1.0,
                List.of(Duration.ofSeconds(1)), Duration.ofMillis(-1), 10, Duration.ofMinutes(5), 20, List.of(20)))
                .withMessageContaining("gather");
    }

    private static ConsistencyObserverProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("names.invalidator.consistency", ConsistencyObserverProperties.class);
    }
}
