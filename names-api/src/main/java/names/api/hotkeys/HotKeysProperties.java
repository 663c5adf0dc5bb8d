package names.api.hotkeys;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled false stops tracking (the endpoint then reports nothing)
 * @param capacity counters per window bucket (space-saving keeps the true top keys if they are frequent
 *     enough relative to it)
 * @param reportSize how many keys /actuator/hotkeys returns
 * @param window the recent window: two buckets rotate every window, the report merges the current and
 *     the previous one, so it covers between one and two windows of reads
 */
@ConfigurationProperties("names.api.hotkeys")
public record HotKeysProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") int capacity,
        @DefaultValue("20") int reportSize,
        @DefaultValue("60s") Duration window,
        @DefaultValue("8") int sampleEvery) {

    public HotKeysProperties {
        if (capacity < 1 || reportSize < 1 || reportSize > capacity) {
            throw new IllegalArgumentException("names.api.hotkeys: need 1 <= report-size <= capacity");
        }
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("names.api.hotkeys.sample-every must be >= 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("names.api.hotkeys.window must be positive");
        }
    }
}
