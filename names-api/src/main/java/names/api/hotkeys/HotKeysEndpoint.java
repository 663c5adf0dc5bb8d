package names.api.hotkeys;

import java.util.List;

import names.api.nearcache.NearCache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/hotkeys}: [{key, count, nearCached}] of the most-read nconsts, highest first;
 * nearCached says whether this api holds a servable near-cache copy of it (always false with the near cache off).
 */
@Component
@Endpoint(id = "hotkeys")
public class HotKeysEndpoint {

    /** One line of the report. */
    public record HotKeyReport(String key, long count, boolean nearCached) {
    }

    private final HotKeys hotKeys;
    private final NearCache near;

    public HotKeysEndpoint(HotKeys hotKeys, ObjectProvider<NearCache> near) {
        this.hotKeys = hotKeys;
        this.near = near.getIfAvailable();
    }

    @ReadOperation
    public List<HotKeyReport> hotKeys() {
        return hotKeys.top().stream()
                .map(hot -> new HotKeyReport(hot.key(), hot.count(), near != null && near.holds(hot.key())))
                .toList();
    }
}
