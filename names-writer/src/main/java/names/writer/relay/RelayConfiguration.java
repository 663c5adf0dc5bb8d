package names.writer.relay;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import names.contract.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay runs in the service; the bulk import switches it off ({@code names.writer.relay.enabled=false}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "names.writer.relay.enabled", matchIfMissing = true)
class RelayConfiguration {

    /** The session setting that makes the change-log triggers skip their NOTIFY (schema V5). */
    static final String QUIET_SESSION_OPTION = "-c names.change_notify=off";

    /**
     * This writer's sessions log changes without NOTIFY: the relay in this process hears of its own commits
     * directly ({@link OutboxRelay#ownChangeCommitted}). A notifying commit holds PostgreSQL's notification
     * lock through its WAL flush, so at a few hundred writes a second the writes queued on it one by one.
     * Only with the relay on: the bulk import (relay off) must still wake the running writer's relay.
     */
    @Bean
    static BeanPostProcessor quietChangeLogSessions() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool) {
                    Object options = pool.getDataSourceProperties().get("options");
                    pool.addDataSourceProperty("options",
                            options == null ? QUIET_SESSION_OPTION : options + " " + QUIET_SESSION_OPTION);
                }
                return bean;
            }
        };
    }

    @Bean
    NewTopic nameChangesTopic(RelayProperties properties) {
        return TopicBuilder.name(Topics.NAME_CHANGES)
                .partitions(properties.topicPartitions())
                .replicas(properties.topicReplicationFactor())
                .build();
    }

    @Bean
    RelayMetrics relayMetrics(MeterRegistry registry) {
        return new RelayMetrics(registry);
    }

    @Bean
    OutboxRelay outboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, RelayProperties properties,
            RelayMetrics metrics, KafkaProperties kafka, NewTopic nameChangesTopic,
            DataSourceProperties dataSource) {
        OutboxPublisher publisher =
                new OutboxPublisher(kafka.buildProducerProperties(), kafka.buildAdminProperties(), properties,
                        nameChangesTopic);
        ChangeNotificationListener listener = new ChangeNotificationListener(dataSource.determineUrl(),
                dataSource.determineUsername(), dataSource.determinePassword(), properties.pollInterval());
        return new OutboxRelay(new OutboxStore(jdbc), publisher, transactions, properties, metrics, listener);
    }

    @Bean
    RelayHealthIndicator outboxRelayHealthIndicator(OutboxRelay relay, RelayMetrics metrics) {
        return new RelayHealthIndicator(relay, metrics);
    }
}
