package names.api.consistency;

import io.micrometer.core.instrument.MeterRegistry;
import names.api.db.ReadBulkhead;
import names.api.hotkeys.HotKeys;
import names.memcached.MemcachedNodes;
import names.memcached.consistency.ConsistencyLedger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ConsistencyConfiguration {

    @Bean
    ConsistencyLedger inspectionConsistencyLedger(InspectionProperties properties, MeterRegistry meters) {
        return new ConsistencyLedger(ConsistencyLedger.INSPECTION, meters, properties.period(), properties.recent());
    }

    /** Absent when the cache is off (nothing to inspect). */
    @Bean(initMethod = "start", destroyMethod = "close")
    CacheInspector cacheInspector(InspectionProperties properties, ConsistencyLedger inspectionConsistencyLedger,
            ObjectProvider<MemcachedNodes> nodes, HotKeys hotKeys, ReadBulkhead bulkhead, JdbcTemplate jdbc) {
        MemcachedNodes pool = nodes.getIfAvailable();
        InspectionProperties effective = pool == null ? off(properties) : properties;
        return new CacheInspector(effective, inspectionConsistencyLedger, pool, hotKeys, bulkhead, jdbc);
    }

    private static InspectionProperties off(InspectionProperties properties) {
        return new InspectionProperties(0, properties.recheckDelay(), properties.maxPendingRechecks(),
                properties.randomBatch(), properties.period(), properties.recent());
    }
}
