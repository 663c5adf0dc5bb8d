package names.invalidator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import names.invalidator.InvalidatorIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ListenerHealthTest extends InvalidatorIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ChangeListeners listeners;

    @AfterEach
    void listenersRunAgain() {
        listeners.containers().values().forEach(MessageListenerContainer::start);
    }

    @Test
    void healthIsUpWhileEveryNodesListenerRunsAndDownWhileOneIsStopped() {
        await().untilAsserted(() -> assertThat(health()).isEqualTo("200 UP UP"));

        listeners.containers().values().iterator().next().stop();
        assertThat(health()).isEqualTo("503 DOWN DOWN");

        listeners.containers().values().forEach(MessageListenerContainer::start);
        await().untilAsserted(() -> assertThat(health()).isEqualTo("200 UP UP"));
    }

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() {
        assertThat(httpGet("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(httpGet("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(httpGet("/actuator/heapdump").statusCode()).isEqualTo(404);
        assertThat(httpGet("/actuator/beans").statusCode()).isEqualTo(404);
    }

    /** HTTP status, overall status and the change listener's status. */
    private String health() {
        var response = httpGet("/actuator/health");
        JsonNode body = JSON.readTree(response.body());
        return response.statusCode() + " " + body.path("status").asString() + " "
                + body.path("components").path("changeListener").path("status").asString();
    }
}
