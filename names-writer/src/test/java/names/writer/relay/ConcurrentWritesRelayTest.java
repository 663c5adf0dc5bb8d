package names.writer.relay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many concurrent writers commit out of change-id order all the time: every change must still reach Kafka
 * (the relay's gaps, {@link PublicationPosition}), on the real PostgreSQL and Kafka.
 */
class ConcurrentWritesRelayTest extends WriterIntegrationTest {

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    OutboxRelay relay;

    @Test
    void everyChangeOfManyConcurrentWritersIsPublished() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String nconst = newNconst();
            jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'Start')", nconst);
            names.add(nconst);
        }
        int threads = 8;
        int writesPerThread = 250;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < writesPerThread; i++) {
                        String nconst = names.get(ThreadLocalRandom.current().nextInt(names.size()));
                        // The writer's shape: lock the row, then update it; the trigger logs the change.
                        transactions.executeWithoutResult(status -> {
                            jdbc.queryForList("SELECT nconst FROM names WHERE nconst = ? FOR UPDATE", nconst);
                            jdbc.update("UPDATE names SET primary_name = ? WHERE nconst = ?",
                                    "Name " + UUID.randomUUID(), nconst);
                        });
                        relay.wake();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        List<ReceivedEvent> received = publishedEventsFor(names.toArray(String[]::new));
        Set<UUID> logged = new HashSet<>(jdbc.queryForList(
                "SELECT event_id FROM name_changes WHERE nconst = ANY (?)", UUID.class, (Object) names.toArray(String[]::new)));
        Set<UUID> published = new HashSet<>();
        received.forEach(event -> published.add(event.event().eventId()));
        Set<UUID> lost = new HashSet<>(logged);
        lost.removeAll(published);
        System.out.printf("concurrent writes: %d changes logged, %d published, %d lost%n", logged.size(),
                published.size(), lost.size());
        assertThat(lost).as("changes logged but never published").isEmpty();
    }
}
