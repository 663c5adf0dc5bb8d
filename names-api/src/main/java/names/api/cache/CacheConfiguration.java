package names.api.cache;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import names.memcached.MemcachedNode;
import names.memcached.MemcachedNodes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    private static final String ENABLED = "names.api.cache.enabled";

    /** The api's memcached pool, from the shared names-memcached: one client per node, the shared ring. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    MemcachedNodes memcachedNodes(CacheProperties properties) {
        return MemcachedNodes.connect(properties.memcached());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    RingAgreement ringAgreement(MemcachedNodes nodes, CacheProperties properties) {
        return new RingAgreement(nodes, properties.ringCheckInterval());
    }

    /** One breaker per node: a dead node trips its own, and the other nodes' keys keep their cache. */
    @Bean
    NodeBreakers nodeBreakers(ObjectProvider<MemcachedNodes> nodes, CacheProperties properties) {
        MemcachedNodes pool = nodes.getIfAvailable();
        Map<String, CircuitBreaker> breakers = pool == null ? Map.of() : pool.nodes().stream().collect(
                Collectors.toUnmodifiableMap(MemcachedNode::name, node -> new CircuitBreaker(
                        properties.breakerFailureThreshold(), properties.breakerOpenFor(), System::nanoTime)));
        return new NodeBreakers(breakers);
    }

    @Bean
    NameCacheClient nameCacheClient(ObjectProvider<MemcachedNodes> nodes, NodeBreakers breakers,
            ObjectProvider<RingAgreement> ringAgreement) {
        return new NameCacheClient(nodes.getIfAvailable(), breakers, ringAgreement.getIfAvailable());
    }

    /** Polls every node's watermark, unless the staleness bound is off (max-staleness: 0). */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    WatermarkPoller watermarkPoller(MemcachedNodes nodes, CacheProperties properties, MeterRegistry meters) {
        return properties.stalenessBounded()
                ? new WatermarkPoller(nodes, properties.watermarkPollInterval(), Clock.systemUTC(), meters) : null;
    }

    @Bean
    CacheFreshness cacheFreshness(CacheProperties properties, ObjectProvider<WatermarkPoller> poller) {
        return new CacheFreshness(new StalenessBound(properties.maxStaleness(), Clock.systemUTC()),
                poller.getIfAvailable());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    MemcachedHealthIndicator memcachedHealthIndicator(MemcachedNodes nodes, NodeBreakers breakers,
            RingAgreement ringAgreement) {
        return new MemcachedHealthIndicator(nodes, breakers, ringAgreement);
    }

    @Bean
    FillGate fillGate() {
        return FillGate.NONE;
    }
}
