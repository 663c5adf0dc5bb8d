package names.e2e.memcached;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import names.contract.cache.CacheEntry;
import names.contract.cache.CacheEntryCodec;

/**
 * Every memcached node of a pool, read one by one. Which node holds a key is the services' hashing
 * business; a stale copy anywhere is a stale copy.
 */
public final class MemcachedNodes implements Closeable {

    private final List<MemcachedTextClient> nodes;

    public MemcachedNodes(List<String> addresses, Duration timeout) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one memcached node");
        }
        this.nodes = addresses.stream().map(address -> new MemcachedTextClient(address, timeout)).toList();
    }

    public List<MemcachedTextClient> nodes() {
        return nodes;
    }

    /** The raw value on each node (address → value), empty where a node holds none. */
    public Map<String, Optional<String>> getEverywhere(String key) throws IOException {
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        for (MemcachedTextClient node : nodes) {
            values.put(node.address(), node.get(key));
        }
        return values;
    }

    /** The decoded name entries present on any node (address → entry); absent keys are left out. */
    public Map<String, CacheEntry> entriesEverywhere(String key) throws IOException {
        Map<String, CacheEntry> entries = new LinkedHashMap<>();
        for (var value : getEverywhere(key).entrySet()) {
            value.getValue().ifPresent(raw -> entries.put(value.getKey(), CacheEntryCodec.decode(raw)));
        }
        return entries;
    }

    @Override
    public void close() {
        nodes.forEach(MemcachedTextClient::close);
    }
}
