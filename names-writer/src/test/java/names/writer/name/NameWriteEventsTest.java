package names.writer.name;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import names.contract.event.CloudEventHeaders;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeType;
import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class NameWriteEventsTest extends WriterIntegrationTest {

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Test
    void postCreatesTheNameAndPublishesExactlyOneCreatedEventWithTheResponseVersion() {
        String nconst = newNconst();

        Response created = post(nameJson(nconst, "  Fred Astaire  ", 1899));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/names/" + nconst);
        assertThat(created.header("ETag")).isEqualTo("\"" + created.version() + "\"");
        assertThat(created.json().get("primaryName").asString()).isEqualTo("Fred Astaire");
        List<ReceivedEvent> events = publishedEventsFor(nconst);
        assertThat(events).hasSize(1);
        ReceivedEvent received = events.getFirst();
        NameChangeEvent event = received.event();
        assertThat(event.type()).isEqualTo(NameChangeType.CREATED);
        assertThat(event.version()).isEqualTo(created.version());
        assertThat(event.oldBirthYear()).isNull();
        assertThat(event.newBirthYear()).isEqualTo(1899);
        assertThat(received.headers())
                .containsEntry(CloudEventHeaders.ID, event.eventId().toString())
                .containsEntry(CloudEventHeaders.TYPE, "names.name.created")
                .containsEntry(CloudEventHeaders.SOURCE, CloudEventHeaders.WRITER_SOURCE)
                .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                .containsEntry(CloudEventHeaders.TIME, event.committedAt().toString())
                .containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json");
    }

    @Test
    void putOnAnExistingNameReplacesItAndPublishesOneUpdatedEventWithOldAndNewBirthYear() {
        String nconst = newNconst();
        long createdVersion = put(nconst, nameJson(null, "Lauren Bacall", 1924)).version();

        Response replaced = put(nconst, nameJson(nconst, "Lauren Bacall", 1925));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.version()).isGreaterThan(createdVersion);
        assertThat(replaced.header("ETag")).isEqualTo("\"" + replaced.version() + "\"");
        List<ReceivedEvent> events = publishedEventsFor(nconst);
        assertThat(events).extracting(e -> e.event().type())
                .containsExactly(NameChangeType.CREATED, NameChangeType.UPDATED);
        NameChangeEvent update = events.get(1).event();
        assertThat(update.version()).isEqualTo(replaced.version());
        assertThat(update.oldBirthYear()).isEqualTo(1924);
        assertThat(update.newBirthYear()).isEqualTo(1925);
        assertThat(events.get(1).headers()).containsEntry(CloudEventHeaders.TYPE, "names.name.updated");
    }

    @Test
    void putOfAnAbsentNameCreatesItWith201() {
        String nconst = newNconst();

        Response created = put(nconst, nameJson(null, "Ingrid Bergman", 1915));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/names/" + nconst);
        assertThat(publishedEventsFor(nconst)).extracting(e -> e.event().type()).containsExactly(NameChangeType.CREATED);
    }

    @Test
    void anIdenticalPutKeepsTheVersionAndPublishesNothing() {
        String nconst = newNconst();
        long version = put(nconst, nameJson(null, "Marlon Brando", 1924)).version();

        Response again = put(nconst, nameJson(null, "Marlon Brando", 1924));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.version()).isEqualTo(version);
        assertThat(publishedEventsFor(nconst)).hasSize(1);
    }

    @Test
    void concurrentPutsOfAnAbsentNameCreateItOnceAndEachLaterOneReplacesIt() throws Exception {
        String nconst = newNconst();
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> replies = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                int birthYear = 1900 + i;
                replies.add(threads.submit(() -> {
                    start.await();
                    return put(nconst, nameJson(null, "Greta Garbo", birthYear));
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        long newest = 0;
        for (Future<Response> reply : replies) {
            statuses.add(reply.get().status());
            newest = Math.max(newest, reply.get().version());
        }

        // A PUT that lost the race to create the row retries as a replacement: never a 409 or a 500.
        assertThat(statuses).containsOnly(200, 201).filteredOn(status -> status == 201).hasSize(1);
        List<ReceivedEvent> events = publishedEventsFor(nconst);
        assertThat(events).extracting(e -> e.event().type()).first().isEqualTo(NameChangeType.CREATED);
        assertThat(events).extracting(e -> e.event().type()).filteredOn(NameChangeType.CREATED::equals).hasSize(1);
        assertThat(events).hasSize(writers);
        assertThat(jdbc.queryForObject("SELECT version FROM names WHERE nconst = ?", Long.class, nconst))
                .isEqualTo(newest);
    }

    @Test
    void theStoredRowIsExactlyWhatTheResponseShows() {
        String nconst = newNconst();
        put(nconst, nameJson(null, "Buster Keaton", 1895));

        Response patched = patch(nconst, """
                {"deathYear": 1966, "primaryProfessions": ["actor", "director", "writer"],
                 "knownForTitles": ["tt0017925", "tt0015324", "tt0014341"]}""");

        Map<String, Object> row = jdbc.queryForMap("""
                SELECT primary_name, birth_year, death_year, array_to_string(primary_professions, ',') AS professions,
                       array_to_string(known_for_titles, ',') AS titles, version
                FROM names WHERE nconst = ?""", nconst);
        assertThat(row).containsEntry("primary_name", "Buster Keaton")
                .containsEntry("birth_year", 1895)
                .containsEntry("death_year", 1966)
                .containsEntry("professions", "actor,director,writer")
                .containsEntry("titles", "tt0017925,tt0015324,tt0014341")
                .containsEntry("version", patched.version());
        assertThat(patched.json().get("primaryProfessions").size()).isEqualTo(3);
        assertThat(patched.json().get("knownForTitles").get(2).asString()).isEqualTo("tt0014341");
    }

    @Test
    void mergePatchChangesOnlyTheGivenFieldsRemovesNullsAndPublishesOneEvent() {
        String nconst = newNconst();
        put(nconst, nameJson(null, "Audrey Hepburn", 1929));

        Response patched = patch(nconst, """
                {"birthYear": null, "deathYear": 1993, "knownForTitles": ["tt0056923", "tt0054698"]}""");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("primaryName").asString()).isEqualTo("Audrey Hepburn");
        assertThat(patched.json().get("birthYear").isNull()).isTrue();
        assertThat(patched.json().get("deathYear").asInt()).isEqualTo(1993);
        assertThat(patched.json().get("knownForTitles").size()).isEqualTo(2);
        assertThat(patched.json().get("primaryProfessions").get(0).asString()).isEqualTo("actor");
        List<ReceivedEvent> events = publishedEventsFor(nconst);
        assertThat(events).hasSize(2);
        NameChangeEvent update = events.get(1).event();
        assertThat(update.type()).isEqualTo(NameChangeType.UPDATED);
        assertThat(update.version()).isEqualTo(patched.version());
        assertThat(update.oldBirthYear()).isEqualTo(1929);
        assertThat(update.newBirthYear()).isNull();
    }

    @Test
    void deleteRemovesTheNameAndPublishesOneDeletedEventCarryingTheLastVersion() {
        String nconst = newNconst();
        long version = put(nconst, nameJson(null, "Humphrey Bogart", 1899)).version();

        Response deleted = delete(nconst);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(nameRows(nconst)).isZero();
        List<ReceivedEvent> events = publishedEventsFor(nconst);
        assertThat(events).hasSize(2);
        NameChangeEvent deletion = events.get(1).event();
        assertThat(deletion.type()).isEqualTo(NameChangeType.DELETED);
        assertThat(deletion.version()).isEqualTo(version);
        assertThat(deletion.oldBirthYear()).isEqualTo(1899);
        assertThat(deletion.newBirthYear()).isNull();
        assertThat(events.get(1).headers()).containsEntry(CloudEventHeaders.TYPE, "names.name.deleted");
    }

    @Test
    void aRolledBackTransactionLeavesNoChangeRowAndNoEvent() {
        String rolledBack = newNconst();
        String committed = newNconst();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO names (nconst, primary_name, birth_year) VALUES (?, 'Greta Garbo', 1905)",
                    rolledBack);
            throw new IllegalStateException("rollback");
        })).hasMessage("rollback");
        jdbc.update("INSERT INTO names (nconst, primary_name) VALUES (?, 'James Stewart')", committed);

        assertThat(changeRows(rolledBack)).isZero();
        // The committed insert after it is published, so anything of the rolled-back one would be too.
        assertThat(publishedEventsFor(committed)).hasSize(1);
        assertThat(EVENTS.eventsFor(rolledBack)).isEmpty();
    }

    @Test
    void aDirectSqlUpdatePublishesOneEventAndAnUpdateThatChangesNothingPublishesNone() {
        String nconst = newNconst();
        jdbc.update("INSERT INTO names (nconst, primary_name, birth_year) VALUES (?, 'Sophia Loren', 1934)", nconst);

        jdbc.update("UPDATE names SET birth_year = 1935 WHERE nconst = ?", nconst);
        jdbc.update("UPDATE names SET birth_year = 1935, primary_name = 'Sophia Loren' WHERE nconst = ?", nconst);

        assertThat(changeRows(nconst)).isEqualTo(2);
        List<ReceivedEvent> events = publishedEventsFor(nconst);
        assertThat(events).extracting(e -> e.event().type())
                .containsExactly(NameChangeType.CREATED, NameChangeType.UPDATED);
        assertThat(events.get(1).event().oldBirthYear()).isEqualTo(1934);
        assertThat(events.get(1).event().newBirthYear()).isEqualTo(1935);
    }

    @Test
    void ifMatchWithTheCurrentVersionAllowsTheWrite() {
        String nconst = newNconst();
        long version = put(nconst, nameJson(null, "Toshiro Mifune", 1920)).version();

        Response patched = patch(nconst, "{\"birthYear\": 1921}", "If-Match", "\"" + version + "\"");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("birthYear").asInt()).isEqualTo(1921);
        Response deleted = delete(nconst, "If-Match", "\"" + patched.version() + "\"");
        assertThat(deleted.status()).isEqualTo(204);
    }

    /*
     * A write reads the row, then writes WHERE version = the version it read. These race another session's
     * UPDATE of the same row, held uncommitted until the write is blocked on its row lock: the write read the
     * older version, and must neither overwrite the racer's change with a merge of the older row (a lost
     * update) nor ignore an If-Match the row no longer satisfies.
     */

    @Test
    void aPatchThatLosesTheRaceToAConcurrentUpdateIsMergedIntoTheNewerRow() throws Exception {
        String nconst = newNconst();
        put(nconst, nameJson(null, "Cary Grant", 1904));

        Response patched = racingAnUncommittedRename(nconst, "Archibald Leach",
                () -> patch(nconst, "{\"deathYear\": 1986}"));

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("primaryName").asString()).isEqualTo("Archibald Leach");
        assertThat(patched.json().get("deathYear").asInt()).isEqualTo(1986);
        assertThat(jdbc.queryForMap("SELECT primary_name, death_year, version FROM names WHERE nconst = ?", nconst))
                .containsEntry("primary_name", "Archibald Leach")
                .containsEntry("death_year", 1986)
                .containsEntry("version", patched.version());
        List<ReceivedEvent> events = publishedEventsFor(nconst);
        assertThat(events).extracting(e -> e.event().type())
                .containsExactly(NameChangeType.CREATED, NameChangeType.UPDATED, NameChangeType.UPDATED);
        assertThat(events.getLast().event().version()).isEqualTo(patched.version());
    }

    @Test
    void aPatchWhoseIfMatchAConcurrentUpdateOutdatesFailsThePreconditionAndWritesNothing() throws Exception {
        String nconst = newNconst();
        long version = put(nconst, nameJson(null, "Grace Kelly", 1929)).version();

        Response patched = racingAnUncommittedRename(nconst, "Princess Grace",
                () -> patch(nconst, "{\"deathYear\": 1982}", "If-Match", "\"" + version + "\""));

        assertThat(patched.status()).isEqualTo(412);
        assertThat(jdbc.queryForMap("SELECT primary_name, death_year FROM names WHERE nconst = ?", nconst))
                .containsEntry("primary_name", "Princess Grace")
                .containsEntry("death_year", null);
        assertThat(publishedEventsFor(nconst)).extracting(e -> e.event().type())
                .containsExactly(NameChangeType.CREATED, NameChangeType.UPDATED);
    }

    @Test
    void aDeleteWhoseIfMatchAConcurrentUpdateOutdatesFailsThePreconditionAndKeepsTheName() throws Exception {
        String nconst = newNconst();
        long version = put(nconst, nameJson(null, "Rita Hayworth", 1918)).version();

        Response deleted = racingAnUncommittedRename(nconst, "Margarita Cansino",
                () -> delete(nconst, "If-Match", "\"" + version + "\""));

        assertThat(deleted.status()).isEqualTo(412);
        assertThat(nameRows(nconst)).isOne();
        assertThat(publishedEventsFor(nconst)).extracting(e -> e.event().type())
                .containsExactly(NameChangeType.CREATED, NameChangeType.UPDATED);
    }

    @Test
    void aPutThatLosesTheRaceToAConcurrentUpdateStillReplacesTheNewerRow() throws Exception {
        String nconst = newNconst();
        put(nconst, nameJson(null, "Bette Davis", 1908));

        Response replaced = racingAnUncommittedRename(nconst, "Ruth Davis",
                () -> put(nconst, nameJson(null, "Bette Davis", 1909)));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT primary_name, birth_year, version FROM names WHERE nconst = ?", nconst))
                .containsEntry("primary_name", "Bette Davis")
                .containsEntry("birth_year", 1909)
                .containsEntry("version", replaced.version());
        assertThat(publishedEventsFor(nconst)).extracting(e -> e.event().type())
                .containsExactly(NameChangeType.CREATED, NameChangeType.UPDATED, NameChangeType.UPDATED);
    }

    /**
     * Renames {@code nconst} in a transaction of its own, starts {@code write}, waits until the write is
     * blocked on that transaction's row lock (it has read the row before the rename), then commits the
     * rename and returns the write's reply.
     */
    private Response racingAnUncommittedRename(String nconst, String newName, Callable<Response> write)
            throws Exception {
        try (Connection racer = dataSource.getConnection();
                ExecutorService writerThread = Executors.newSingleThreadExecutor()) {
            racer.setAutoCommit(false);
            try (PreparedStatement rename = racer.prepareStatement("UPDATE names SET primary_name = ? WHERE nconst = ?")) {
                rename.setString(1, newName);
                rename.setString(2, nconst);
                assertThat(rename.executeUpdate()).isOne();
            }
            Future<Response> reply = writerThread.submit(write);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE '%names%' AND query NOT LIKE '%pg_stat_activity%'""",
                    Long.class) > 0);
            racer.commit();
            return reply.get();
        }
    }
}
