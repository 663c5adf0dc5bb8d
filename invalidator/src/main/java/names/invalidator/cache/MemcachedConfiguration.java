package names.invalidator.cache;

import io.micrometer.core.instrument.MeterRegistry;
import names.invalidator.InvalidatorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MemcachedConfiguration {

    @Bean(destroyMethod = "close")
    MemcachedPools memcachedPools(InvalidatorProperties properties, MeterRegistry meters) {
        return new MemcachedPools(properties.pools(), meters);
    }
}
