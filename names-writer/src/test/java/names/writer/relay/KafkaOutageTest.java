package names.writer.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import names.contract.event.NameChangeEvent;
import names.testsupport.SharedContainers;
import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaOutageTest extends WriterIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void writesSucceedWhileKafkaIsDownAndEveryEventArrivesInPerKeyOrderAfterwards() {
        String first = newNconst();
        String second = newNconst();
        List<Long> versions = new ArrayList<>();
        Counter failures = meters.get("names.outbox.publish.failures").counter();
        double failuresBefore = failures.count();

        SharedContainers.pause(SharedContainers.kafka());
        try {
            versions.add(post(nameJson(first, "Akira Kurosawa", 1910)).version());
            versions.add(put(first, nameJson(null, "Akira Kurosawa", 1911)).version());
            versions.add(patch(first, "{\"deathYear\": 1998}").version());
            versions.add(put(second, nameJson(null, "Rita Hayworth", 1918)).version());
            assertThat(delete(second).status()).isEqualTo(204);
            versions.add(put(first, nameJson(null, "Akira Kurosawa", 1910)).version());
            assertThat(versions).allSatisfy(version -> assertThat(version).isPositive());
            // Keep Kafka down until the relay has really failed, so the retry path is what delivers.
            await("a failed relay cycle").atMost(Duration.ofSeconds(60))
                    .until(() -> failures.count() > failuresBefore);
        } finally {
            SharedContainers.unpause(SharedContainers.kafka());
        }

        List<ReceivedEvent> received = publishedEventsFor(first, second);
        Map<String, List<NameChangeEvent>> firstArrivals = firstArrivalsByNconst(received);
        assertThat(firstArrivals.get(first)).extracting(NameChangeEvent::version)
                .as("every change of %s, in commit order", first)
                .containsExactlyElementsOf(loggedVersions(first))
                .isSorted();
        assertThat(firstArrivals.get(second)).extracting(NameChangeEvent::version)
                .containsExactlyElementsOf(loggedVersions(second))
                .hasSize(2);
    }

    /**
     * A failed send may have reached Kafka anyway and is sent again: duplicates are allowed (consumers
     * skip them by event id), so order is judged on each event's first arrival.
     */
    private static Map<String, List<NameChangeEvent>> firstArrivalsByNconst(List<ReceivedEvent> received) {
        Set<UUID> seen = new LinkedHashSet<>();
        return received.stream()
                .filter(r -> seen.add(r.event().eventId()))
                .map(ReceivedEvent::event)
                .collect(Collectors.groupingBy(NameChangeEvent::nconst, Collectors.toList()));
    }

    private List<Long> loggedVersions(String nconst) {
        return jdbc.queryForList("SELECT version FROM name_changes WHERE nconst = ? ORDER BY id", Long.class, nconst);
    }
}
