package names.invalidator.consistency;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import names.memcached.consistency.ConsistencyLedger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConsistencyConfiguration {

    @Bean
    ConsistencyLedger invalidationConsistencyLedger(ConsistencyObserverProperties properties, MeterRegistry meters) {
        return new ConsistencyLedger(ConsistencyLedger.INVALIDATION, meters, properties.period(), properties.recent());
    }

    @Bean(destroyMethod = "close")
    InvalidationObserver invalidationObserver(ConsistencyObserverProperties properties,
            ConsistencyLedger invalidationConsistencyLedger, Clock clock) {
        return new InvalidationObserver(properties, invalidationConsistencyLedger, clock);
    }
}
