package names.api.hotkeys;

import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code GET /actuator/hotkeys}: [{key, count}] of the most-read nconsts, highest first. */
@Component
@Endpoint(id = "hotkeys")
public class HotKeysEndpoint {

    private final HotKeys hotKeys;

    public HotKeysEndpoint(HotKeys hotKeys) {
        this.hotKeys = hotKeys;
    }

    @ReadOperation
    public List<HotKeys.HotKey> hotKeys() {
        return hotKeys.top();
    }
}
