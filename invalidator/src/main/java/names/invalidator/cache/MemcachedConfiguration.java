package names.invalidator.cache;

import io.micrometer.core.instrument.MeterRegistry;
import names.invalidator.InvalidatorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MemcachedConfiguration {

    @Bean(destroyMethod = "close")
    InvalidationTargets invalidationTargets(InvalidatorProperties properties, MeterRegistry meters) {
        return new InvalidationTargets(properties.pools(), meters);
    }
}
