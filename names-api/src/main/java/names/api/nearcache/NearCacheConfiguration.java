package names.api.nearcache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import names.api.cache.CacheFreshness;
import names.api.cache.CacheProperties;
import names.api.cache.NameCacheClient;
import names.api.cache.StalenessBound;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The near cache exists only when {@code names.api.cache.near.enabled} is true. */
@Configuration(proxyBeanMethods = false)
class NearCacheConfiguration {

    @Bean
    @ConditionalOnBooleanProperty("names.api.cache.near.enabled")
    NearCache nearCache(NearCacheProperties properties, CacheProperties cache, MeterRegistry meters) {
        // Without the bound nothing limits how long a copy that missed its delete is served: refuse to start.
        if (!cache.enabled()) {
            throw new IllegalStateException("names.api.cache.near.enabled=true needs names.api.cache.enabled=true:"
                    + " the near cache only copies memcached hits");
        }
        if (!cache.stalenessBounded()) {
            throw new IllegalStateException("names.api.cache.near.enabled=true needs the staleness bound"
                    + " (names.api.cache.max-staleness above 0): a near cache without it would serve copies that"
                    + " missed their invalidation for as long as they are held, with no bound");
        }
        Duration bound = properties.maxAge() == null || properties.maxAge().compareTo(cache.maxStaleness()) > 0
                ? cache.maxStaleness() : properties.maxAge();
        if (properties.revalidateInterval().compareTo(bound) >= 0) {
            throw new IllegalStateException("names.api.cache.near.revalidate-interval (" + properties.revalidateInterval()
                    + ") must be below the bound copies are served under (" + bound + "): a copy would expire before"
                    + " its first revalidation");
        }
        return new NearCache(properties, new StalenessBound(bound, Clock.systemUTC()), Clock.systemUTC(),
                Ticker.systemTicker(), ForkJoinPool.commonPool(), meters);
    }

    @Bean
    @ConditionalOnBooleanProperty("names.api.cache.near.enabled")
    NearCacheRevalidator nearCacheRevalidator(NearCache near, NearCacheProperties properties, NameCacheClient cache,
            CacheFreshness freshness, MeterRegistry meters) {
        NearCacheRevalidator revalidator = new NearCacheRevalidator(near, cache, freshness, meters);
        if (properties.revalidateInterval().isPositive()) {
            revalidator.start(properties.revalidateInterval());
        }
        return revalidator;
    }
}
