package names.api.nearcache;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import names.api.cache.CacheFreshness;
import names.api.cache.CacheProperties;
import names.api.cache.NameCacheClient;
import names.api.cache.StalenessBound;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The near cache turns on only where the staleness bound can hold it in check. */
class NearCacheConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, NearCacheConfiguration.class);

    @Test
    void offByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(NearCache.class));
    }

    @Test
    void onWithTheBound() {
        runner.withPropertyValues("names.api.cache.near.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(NearCache.class)
                        .hasSingleBean(NearCacheRevalidator.class));
    }

    @Test
    void refusesARevalidationIntervalThatCopiesCannotLiveTo() {
        runner.withPropertyValues("names.api.cache.near.enabled=true", "names.api.cache.near.max-age=500ms",
                        "names.api.cache.near.revalidate-interval=500ms")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("revalidate-interval (PT0.5S) must be below the bound"));
    }

    @Test
    void refusesToStartWithTheBoundOff() {
        runner.withPropertyValues("names.api.cache.near.enabled=true", "names.api.cache.max-staleness=0s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("needs the staleness bound"));
    }

    @Test
    void refusesToStartWithTheCacheOff() {
        runner.withPropertyValues("names.api.cache.near.enabled=true", "names.api.cache.enabled=false")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("needs names.api.cache.enabled=true"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CacheProperties.class, NearCacheProperties.class})
    static class Properties {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        NameCacheClient cacheClient() {
            return new NameCacheClient(null, null, null);
        }

        @Bean
        CacheFreshness freshness() {
            return new CacheFreshness(new StalenessBound(Duration.ofSeconds(2), Clock.systemUTC()), null);
        }
    }
}
