package names.api.cache;

import names.memcached.MemcachedPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    private static final String ENABLED = "names.api.cache.enabled";

    /** The one memcached client of the api, built by the shared factory (ketama, failure mode, text). */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    MemcachedPool memcachedPool(CacheProperties properties) {
        return MemcachedPool.connect(properties.memcached());
    }

    @Bean
    CircuitBreaker memcachedCircuitBreaker(CacheProperties properties) {
        return new CircuitBreaker(properties.breakerFailureThreshold(), properties.breakerOpenFor(), System::nanoTime);
    }

    @Bean
    NameCacheClient nameCacheClient(ObjectProvider<MemcachedPool> pool, CircuitBreaker breaker) {
        return new NameCacheClient(pool.getIfAvailable(), breaker);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    MemcachedHealthIndicator memcachedHealthIndicator(MemcachedPool pool, CircuitBreaker breaker) {
        return new MemcachedHealthIndicator(pool, breaker);
    }

    @Bean
    FillGate fillGate() {
        return FillGate.NONE;
    }
}
