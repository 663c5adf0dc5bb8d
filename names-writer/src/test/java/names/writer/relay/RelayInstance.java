package names.writer.relay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import names.contract.Topics;
import names.testsupport.SharedContainers;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Another writer instance's relay for tests: its own connection pool (sessions quiet like the service's,
 * {@link RelayConfiguration#QUIET_SESSION_OPTION}), producer and metrics, against the shared containers.
 */
final class RelayInstance implements AutoCloseable {

    final HikariDataSource dataSource = new HikariDataSource();
    final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final OutboxRelay relay;

    /** With latches, the first publish waits for {@code resume} after counting {@code paused} down. */
    RelayInstance(String name, RelayProperties properties, CountDownLatch paused, CountDownLatch resume) {
        dataSource.setPoolName(name);
        dataSource.setJdbcUrl(SharedContainers.postgres().getJdbcUrl());
        dataSource.setUsername(SharedContainers.postgres().getUsername());
        dataSource.setPassword(SharedContainers.postgres().getPassword());
        dataSource.setMaximumPoolSize(2);
        dataSource.addDataSourceProperty("options", RelayConfiguration.QUIET_SESSION_OPTION);
        Map<String, Object> kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                SharedContainers.kafka().getBootstrapServers());
        OutboxPublisher publisher = new OutboxPublisher(kafka, kafka, properties,
                TopicBuilder.name(Topics.NAME_CHANGES).partitions(properties.topicPartitions()).build()) {
            @Override
            Publication publish(List<PendingChange> changes) throws InterruptedException {
                if (paused != null && paused.getCount() > 0) {
                    paused.countDown();
                    resume.await();
                }
                return super.publish(changes);
            }
        };
        ChangeNotificationListener listener = new ChangeNotificationListener(dataSource.getJdbcUrl(),
                dataSource.getUsername(), dataSource.getPassword(), properties.pollInterval());
        relay = new OutboxRelay(new OutboxStore(jdbc), publisher,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), properties,
                new RelayMetrics(meters), listener);
    }

    double published() {
        return meters.get("names.outbox.published").counter().count();
    }

    double failures() {
        return meters.get("names.outbox.publish.failures").counter().count();
    }

    @Override
    public void close() {
        relay.stop();
        dataSource.close();
    }
}
