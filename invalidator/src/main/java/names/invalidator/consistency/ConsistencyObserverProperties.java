package names.invalidator.consistency;

import java.time.Duration;
import java.util.List;

import names.contract.cache.NamePage;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The invalidation checks ({@code names.invalidator.consistency.*}).
 *
 * @param enabled whether applied invalidations are checked at all (off: nothing is queued, no thread runs)
 * @param sampleRate share of applied change events whose keys are checked, 0..1; all of them by default,
 *     which this machine's write rates afford (one multi-get per node, window and {@code gather})
 * @param windows how long after a batch's deletes were acknowledged its keys are looked at again, ascending;
 *     each is a tag value of {@code names.consistency.checks} ({@code 1s}, {@code 10s}, {@code 60s})
 * @param gather how long the observer lets checks fall due before it makes them: all the changes a window
 *     has due by then, from however many batches, are read in one multi-get per node. So a check comes up
 *     to this much after its window. At 300 writes/s the consumers apply ~180 batches a second; checked one by
 *     one, each window cost a wake-up and a multi-get per batch, ~500 a second, more memcached requests than
 *     the deletes themselves ({@code 0}: each batch's checks exactly at its window)
 * @param queueCapacity most (event, window) checks waiting at once; beyond it whole batches are shed and
 *     counted, so a backlog (a bulk import) never costs the invalidator memory or time
 * @param period sliding period of {@code names.consistency.nines} and the endpoint's counts
 * @param recent how many of the last inconsistencies {@code /actuator/consistency} lists
 * @param firstPageLimits page sizes whose first page is read under a birth-year generation to tell whether
 *     the generation predates a change: the api's default page size ({@link NamePage#DEFAULT_LIMIT}); pages of other
 *     sizes are not looked at (their generation is still checked through these)
 */
@ConfigurationProperties("names.invalidator.consistency")
public record ConsistencyObserverProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1.0") double sampleRate,
        @DefaultValue({"1s", "10s", "60s"}) List<Duration> windows,
        @DefaultValue("100ms") Duration gather,
        @DefaultValue("200000") int queueCapacity,
        @DefaultValue("5m") Duration period,
        @DefaultValue("20") int recent,
        @DefaultValue("" + NamePage.DEFAULT_LIMIT) List<Integer> firstPageLimits) {

    public ConsistencyObserverProperties {
        if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("names.invalidator.consistency.sample-rate must be between 0 and 1");
        }
        if (windows == null || windows.isEmpty()) {
            throw new IllegalArgumentException("names.invalidator.consistency.windows must name at least one delay");
        }
        windows = List.copyOf(windows);
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).toMillis() < 1 || (i > 0 && windows.get(i).compareTo(windows.get(i - 1)) <= 0)) {
                throw new IllegalArgumentException("names.invalidator.consistency.windows must be positive and ascending");
            }
        }
        if (gather.isNegative()) {
            throw new IllegalArgumentException("names.invalidator.consistency.gather must not be negative");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("names.invalidator.consistency.queue-capacity must be at least 1");
        }
        if (period.toSeconds() < 1) {
            throw new IllegalArgumentException("names.invalidator.consistency.period must be at least 1s");
        }
        if (recent < 1) {
            throw new IllegalArgumentException("names.invalidator.consistency.recent must be at least 1");
        }
        firstPageLimits = List.copyOf(firstPageLimits == null ? List.of() : firstPageLimits);
        if (firstPageLimits.stream().anyMatch(limit -> limit < 1)) {
            throw new IllegalArgumentException("names.invalidator.consistency.first-page-limits must be positive");
        }
    }

    /** A window as its tag value: {@code 1s}, {@code 60s}, {@code 500ms}. */
    static String tag(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + "s" : window.toMillis() + "ms";
    }
}
