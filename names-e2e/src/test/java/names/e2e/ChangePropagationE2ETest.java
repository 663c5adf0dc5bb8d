package names.e2e;

import java.util.List;
import java.util.Map;

import names.contract.Topics;
import names.contract.cache.CacheEntry;
import names.contract.cache.NameSnapshot;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeEventCodec;
import names.contract.event.NameChangeType;
import names.tools.client.ApiClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A change made through any door reaches readers: writer → outbox → Kafka → invalidator → api. */
class ChangePropagationE2ETest extends E2ETestBase {

    @Test
    void writeIsPublishedAsAnEventThenTheNextReadMissesAndCachesTheNewVersion() throws Exception {
        String nconst = newNconst();
        // A cached not-found marker first: the create must clear it.
        awaitCached(nconst, new CacheEntry.NotFound());

        try (TopicWatcher events = new TopicWatcher(stack.kafkaBootstrap(), Topics.NAME_CHANGES)) {
            long created = create(name(nconst, "Ada Created", 1950)).version();
            NameChangeEvent createdEvent = awaitEvent(events, nconst, created);
            assertThat(createdEvent.type()).isEqualTo(NameChangeType.CREATED);
            assertThat(createdEvent.newBirthYear()).isEqualTo(1950);

            await("invalidation of the not-found marker").atMost(PROPAGATION).until(() -> cached(nconst).isEmpty());
            assertMissThenHit(nconst, created, "Ada Created");

            long updated = replace(name(nconst, "Ada Updated", 1951)).version();
            NameChangeEvent updatedEvent = awaitEvent(events, nconst, updated);
            assertThat(updatedEvent.type()).isEqualTo(NameChangeType.UPDATED);
            assertThat(updatedEvent.oldBirthYear()).isEqualTo(1950);
            assertThat(updatedEvent.newBirthYear()).isEqualTo(1951);

            await("invalidation of version " + created).atMost(PROPAGATION).until(() -> cached(nconst).isEmpty());
            assertMissThenHit(nconst, updated, "Ada Updated");
        }
    }

    @Test
    void deleteServes404AndCachesNotFoundThenRecreatingServesTheNewData() throws Exception {
        String nconst = newNconst();
        long first = create(name(nconst, "Bela Before", null)).version();
        awaitCachedVersion(nconst, first);

        assertThat(writer.delete(nconst).status()).isEqualTo(204);
        await("invalidation after the delete").atMost(PROPAGATION).until(() -> cached(nconst).isEmpty());
        ApiClient.NameRead miss = api.get(nconst);
        assertThat(miss.status()).isEqualTo(404);
        assertThat(miss.cache()).isEqualTo("miss");
        ApiClient.NameRead hit = api.get(nconst);
        assertThat(hit.status()).isEqualTo(404);
        assertThat(hit.cache()).isEqualTo("hit");
        assertThat(cached(nconst).values()).containsExactly(new CacheEntry.NotFound());

        long second = create(name(nconst, "Bela Again", 1977)).version();
        assertThat(second).isGreaterThan(first);
        await("the new incarnation is served").atMost(PROPAGATION).untilAsserted(() -> {
            ApiClient.NameRead read = api.get(nconst);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.name().primaryName()).isEqualTo("Bela Again");
            assertThat(read.name().birthYear()).isEqualTo(1977);
            assertThat(read.version()).isEqualTo(second);
        });
    }

    @Test
    void directSqlUpdateInsidePostgresIsInvalidatedLikeAnApiWrite() throws Exception {
        String nconst = newNconst();
        long created = create(name(nconst, "Chen Original", 1960)).version();
        awaitCachedVersion(nconst, created);

        long sqlVersion = Long.parseLong(stack.psql(
                "UPDATE names SET primary_name = 'Chen By Operator' WHERE nconst = '" + nconst + "' RETURNING version")
                .lines().findFirst().orElseThrow());

        assertThat(sqlVersion).isGreaterThan(created);
        await("the operator's change is served").atMost(PROPAGATION).untilAsserted(() -> {
            ApiClient.NameRead read = api.get(nconst);
            assertThat(read.version()).isEqualTo(sqlVersion);
            assertThat(read.name().primaryName()).isEqualTo("Chen By Operator");
        });
        awaitCachedVersion(nconst, sqlVersion);
    }

    @Test
    void birthYearChangeRefreshesTheListsOfBothTheOldAndTheNewYear() throws Exception {
        int oldYear = newBirthYear();
        int newYear = newBirthYear();
        String stays = newNconst();
        String moves = newNconst();
        String waits = newNconst();
        create(name(stays, "Dora Stays", oldYear));
        create(name(moves, "Emil Moves", oldYear));
        create(name(waits, "Fatima Waits", newYear));
        // Both lists cached (a hit) with their current content before the change.
        awaitCachedList(oldYear, List.of(stays, moves));
        awaitCachedList(newYear, List.of(waits));

        var patched = writer.patch(moves, Map.of("birthYear", newYear));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        await("both years' lists converge").atMost(PROPAGATION).untilAsserted(() -> {
            assertThat(nconsts(api.listAll(oldYear))).containsExactly(stays);
            List<NameSnapshot> newList = api.listAll(newYear);
            assertThat(nconsts(newList)).containsExactly(moves, waits);
            assertThat(newList.getFirst().version()).isEqualTo(patched.version());
        });
    }

    private static NameChangeEvent awaitEvent(TopicWatcher events, String nconst, long version) {
        ConsumerRecord<String, byte[]> record = events.awaitRecord("event " + nconst + " v" + version,
                r -> nconst.equals(r.key()) && NameChangeEventCodec.decode(r.value()).version() == version,
                PROPAGATION);
        NameChangeEvent event = NameChangeEventCodec.decode(record.value());
        assertThat(event.nconst()).isEqualTo(nconst);
        return event;
    }

    private static void assertMissThenHit(String nconst, long version, String primaryName) throws Exception {
        ApiClient.NameRead miss = api.get(nconst);
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.cache()).isEqualTo("miss");
        assertThat(miss.version()).isEqualTo(version);
        assertThat(miss.name().primaryName()).isEqualTo(primaryName);
        ApiClient.NameRead hit = api.get(nconst);
        assertThat(hit.cache()).isEqualTo("hit");
        assertThat(hit.name()).isEqualTo(miss.name());
        assertThat(cached(nconst).values()).containsExactly(new CacheEntry.Found(miss.name()));
    }

    private static void awaitCached(String nconst, CacheEntry expected) {
        await("memcached holds " + expected + " for " + nconst).atMost(PROPAGATION).until(() -> {
            api.get(nconst);
            return List.copyOf(cached(nconst).values()).equals(List.of(expected));
        });
    }

    static void awaitCachedVersion(String nconst, long version) {
        await(nconst + " v" + version + " served from the cache").atMost(PROPAGATION).until(() -> {
            ApiClient.NameRead read = api.get(nconst);
            return "hit".equals(read.cache()) && read.found() && read.version() == version;
        });
    }

    private static void awaitCachedList(int birthYear, List<String> expected) {
        await("list " + birthYear + " cached as " + expected).atMost(PROPAGATION).until(() -> {
            ApiClient.PageRead read = api.list(birthYear, null, ApiClient.MAX_LIMIT);
            return read.status() == 200 && "hit".equals(read.cache())
                    && nconsts(read.page().items()).equals(expected);
        });
    }

    private static List<String> nconsts(List<NameSnapshot> names) {
        return names.stream().map(NameSnapshot::nconst).toList();
    }
}
