package names.writer.relay;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayPropertiesTest {

    @Test
    void byDefaultAPausedRelayLosesTheLockWellWithinAMinuteAndAHealthyOneWaitingForKafkaKeepsIt() {
        RelayProperties defaults = bind(Map.of());

        assertThat(defaults.publishTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.idleInTransactionTimeout()).isGreaterThan(defaults.publishTimeout());
        assertThat(defaults.idleInTransactionTimeout().plus(defaults.maxIdlePoll()))
                .isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void anIdleTimeoutAHealthyRelayWaitingForKafkaCouldReachIsRefused() {
        assertThatThrownBy(() -> bind(Map.of(
                "names.writer.relay.idle-in-transaction-timeout", "20s",
                "names.writer.relay.delivery-timeout", "10s",
                "names.writer.relay.max-block", "5s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("idle-in-transaction-timeout");
    }

    @Test
    void withHeartbeatsOnTheTopicMustHaveTheContractsPartitionsTheReadersTakeTheWatermarkOver() {
        assertThatThrownBy(() -> bind(Map.of("names.writer.relay.topic-partitions", "12")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("topic-partitions must be 6");
        assertThat(bind(Map.of("names.writer.relay.topic-partitions", "12",
                "names.writer.relay.heartbeat-interval", "0")).topicPartitions()).isEqualTo(12);
    }

    private static RelayProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("names.writer.relay", RelayProperties.class);
    }
}
