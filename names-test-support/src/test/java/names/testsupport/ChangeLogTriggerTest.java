package names.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.junit.jupiter.api.Test;

/** The schema's change-log triggers, driven with plain SQL as an operator or the bulk import would. */
class ChangeLogTriggerTest {

    @BeforeAll
    static void migrate() {
        MigratedDatabase.migrate();
    }

    @Test
    void aMultiRowUpdateLogsOneChangeForEachNameItReallyChanged() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM names WHERE nconst IN ('nm9100001', 'nm9100002', 'nm9100003')");
            sql.execute("INSERT INTO names (nconst, primary_name, birth_year) VALUES "
                    + "('nm9100001', 'A', 1950), ('nm9100002', 'B', 1960), ('nm9100003', 'C', 1970)");
            long mark = lastChangeId(sql);

            sql.execute("UPDATE names SET birth_year = birth_year + 1 "
                    + "WHERE nconst IN ('nm9100001', 'nm9100002')");
            sql.execute("UPDATE names SET primary_name = primary_name WHERE nconst = 'nm9100003'");

            assertThat(changesSince(sql, mark)).containsExactlyInAnyOrder(
                    "nm9100001 UPDATED 1950->1951", "nm9100002 UPDATED 1960->1961");
        }
    }

    @Test
    void renamingTheKeyLogsADeleteOfTheOldNameAndACreateOfTheNewOne() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM names WHERE nconst IN ('nm9100011', 'nm9100012')");
            sql.execute("INSERT INTO names (nconst, primary_name, birth_year) VALUES ('nm9100011', 'A', 1980)");
            long mark = lastChangeId(sql);

            sql.execute("UPDATE names SET nconst = 'nm9100012' WHERE nconst = 'nm9100011'");

            assertThat(changesSince(sql, mark)).containsExactlyInAnyOrder(
                    "nm9100011 DELETED 1980->null", "nm9100012 CREATED null->1980");
        }
    }

    @Test
    void anUpsertLogsCreatesAndRealUpdatesOnly() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM names WHERE nconst IN ('nm9100021', 'nm9100022', 'nm9100023')");
            sql.execute("INSERT INTO names (nconst, primary_name, birth_year) VALUES "
                    + "('nm9100021', 'Same', 1990), ('nm9100022', 'Old', 1991)");
            long mark = lastChangeId(sql);

            sql.execute("INSERT INTO names (nconst, primary_name, birth_year) VALUES "
                    + "('nm9100021', 'Same', 1990), ('nm9100022', 'New', 1991), ('nm9100023', 'Added', 1992) "
                    + "ON CONFLICT (nconst) DO UPDATE SET primary_name = EXCLUDED.primary_name, "
                    + "birth_year = EXCLUDED.birth_year");

            assertThat(changesSince(sql, mark)).containsExactlyInAnyOrder(
                    "nm9100022 UPDATED 1991->1991", "nm9100023 CREATED null->1992");
        }
    }

    @Test
    void everyChangeCarriesTheRowsNewVersionAndVersionsNeverRepeat() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM names WHERE nconst = 'nm9100031'");
            sql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm9100031', 'A')");
            long created = version(sql, "nm9100031");
            sql.execute("UPDATE names SET primary_name = 'B' WHERE nconst = 'nm9100031'");
            long updated = version(sql, "nm9100031");
            sql.execute("DELETE FROM names WHERE nconst = 'nm9100031'");
            sql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm9100031', 'A again')");

            assertThat(updated).isGreaterThan(created);
            assertThat(version(sql, "nm9100031")).as("a re-created name").isGreaterThan(updated);
            try (ResultSet logged = sql.executeQuery("SELECT version FROM name_changes WHERE nconst = 'nm9100031' "
                    + "AND operation = 'CREATED' ORDER BY id DESC LIMIT 1")) {
                logged.next();
                assertThat(logged.getLong(1)).isEqualTo(version(sql, "nm9100031"));
            }
        }
    }

    @Test
    void onlyTheSequenceSetsVersions() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM names WHERE nconst = 'nm9100032'");
            assertThatThrownBy(() -> sql.execute(
                    "INSERT INTO names (nconst, primary_name, version) VALUES ('nm9100032', 'A', 1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("version");
            sql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm9100032', 'A')");
            assertThatThrownBy(() -> sql.execute("UPDATE names SET version = 1 WHERE nconst = 'nm9100032'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("version");
        }
    }

    @Test
    void truncateIsRefusedBecauseItWouldSkipTheChangeLog() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            assertThatThrownBy(() -> sql.execute("TRUNCATE names")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("use DELETE FROM names");
        }
    }

    @Test
    void aSessionWithChangeNotifyOffLogsItsChangesWithoutWakingTheRelays() throws SQLException {
        try (Connection listener = connect(); Connection quiet = connect(); Connection plain = connect();
                Statement listen = listener.createStatement(); Statement quietSql = quiet.createStatement();
                Statement plainSql = plain.createStatement()) {
            listen.execute("LISTEN name_changes");
            quietSql.execute("SET names.change_notify = off");
            plainSql.execute("DELETE FROM names WHERE nconst IN ('nm9100041', 'nm9100042')");
            long mark = lastChangeId(plainSql);
            int quietPid = backendPid(quietSql);
            int plainPid = backendPid(plainSql);

            quietSql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm9100041', 'Quiet')");
            quietSql.execute("UPDATE names SET primary_name = 'Quieter' WHERE nconst = 'nm9100041'");
            quietSql.execute("DELETE FROM names WHERE nconst = 'nm9100041'");
            plainSql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm9100042', 'Loud')");

            // Notifications arrive in commit order: once the plain session's has come, the quiet one's
            // three commits (earlier) would have come before it.
            List<Integer> senders = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!senders.contains(plainPid) && System.nanoTime() < deadline) {
                PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(1000);
                for (PGNotification notification : received == null ? new PGNotification[0] : received) {
                    senders.add(notification.getPID());
                }
            }
            assertThat(senders).as("sessions that notified").contains(plainPid).doesNotContain(quietPid);
            assertThat(changesSince(plainSql, mark)).as("the quiet session's changes are logged all the same")
                    .containsExactly("nm9100041 CREATED null->null", "nm9100041 UPDATED null->null",
                            "nm9100041 DELETED null->null", "nm9100042 CREATED null->null");
        }
    }

    private static int backendPid(Statement sql) throws SQLException {
        try (ResultSet row = sql.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static Connection connect() throws SQLException {
        return MigratedDatabase.connect();
    }

    private static long lastChangeId(Statement sql) throws SQLException {
        try (ResultSet row = sql.executeQuery("SELECT coalesce(max(id), 0) FROM name_changes")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long version(Statement sql, String nconst) throws SQLException {
        try (ResultSet row = sql.executeQuery("SELECT version FROM names WHERE nconst = '" + nconst + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<String> changesSince(Statement sql, long id) throws SQLException {
        List<String> changes = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SELECT nconst, operation, old_birth_year, new_birth_year "
                + "FROM name_changes WHERE id > " + id + " AND nconst LIKE 'nm91000%' ORDER BY id")) {
            while (rows.next()) {
                changes.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getObject(3) + "->"
                        + rows.getObject(4));
            }
        }
        return changes;
    }
}
