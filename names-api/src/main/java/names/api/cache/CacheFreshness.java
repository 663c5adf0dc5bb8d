package names.api.cache;

import java.time.Instant;

/**
 * The read path's view of the staleness bound: the watermark of a key's node (from the poller's memory, no
 * memcached call) and the serve rule. With the bound off, every entry may be served and no poller runs.
 */
public final class CacheFreshness {

    private final StalenessBound bound;
    private final WatermarkPoller poller;

    /** @param poller null when the cache or the bound is off */
    public CacheFreshness(StalenessBound bound, WatermarkPoller poller) {
        this.bound = bound;
        this.poller = poller;
    }

    /** Take it BEFORE fetching the entry: only a watermark that preceded the get proves anything about it. */
    public Instant watermarkFor(String key) {
        return poller == null || !bound.enabled() ? null : poller.watermarkFor(key);
    }

    public boolean mayServe(Instant watermark, Instant readAt) {
        return bound.mayServe(watermark, readAt);
    }
}
