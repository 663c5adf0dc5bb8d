package names.invalidator.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import names.memcached.MemcachedPoolSettings;

/**
 * Every configured memcached pool, connected, with a {@link NodeDeleter} per node: the units whose
 * invalidations progress on their own (one consumer group each, see {@code NodeConsumers}).
 */
public class InvalidationTargets implements AutoCloseable {

    private final List<MemcachedNodes> pools;
    private final List<NodeDeleter> deleters;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public InvalidationTargets(List<MemcachedPoolSettings> settings, MeterRegistry meters) {
        List<MemcachedNodes> connected = new ArrayList<>(settings.size());
        List<NodeDeleter> nodes = new ArrayList<>();
        try {
            for (MemcachedPoolSettings pool : settings) {
                MemcachedNodes nodesOfPool = MemcachedNodes.connect(pool);
                connected.add(nodesOfPool);
                for (MemcachedNode node : nodesOfPool.nodes()) {
                    nodes.add(new NodeDeleter(pool.name(), node, pool.operationTimeout().toMillis(), executor, meters));
                }
            }
        } catch (RuntimeException e) {
            connected.forEach(MemcachedNodes::close);
            throw e;
        }
        this.pools = List.copyOf(connected);
        this.deleters = List.copyOf(nodes);
    }

    public List<MemcachedNodes> pools() {
        return pools;
    }

    public List<NodeDeleter> deleters() {
        return deleters;
    }

    public MemcachedNodes pool(String name) {
        return pools.stream().filter(pool -> pool.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no memcached pool " + name));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pools.forEach(MemcachedNodes::close);
    }
}
