package names.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V6 replaces the per-row {@code published_at} mark by the relay's publication position: a database
 * migrated with rows published, pending and purged must leave exactly the pending ones to publish.
 */
class PublicationPositionMigrationTest {

    @Test
    void theMigrationLeavesExactlyTheUnpublishedRowsPending() throws SQLException {
        PostgreSQLContainer postgres = SharedContainers.postgres();
        String database = "v6_migration";
        try (Connection admin = MigratedDatabase.connect(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database);
            sql.execute("CREATE DATABASE " + database);
        }
        String url = postgres.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        Flyway.configure().dataSource(url, postgres.getUsername(), postgres.getPassword()).target("5").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, postgres.getUsername(), postgres.getPassword());
                Statement sql = connection.createStatement()) {
            for (int i = 1; i <= 10; i++) {
                sql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm92000%02d', 'Name %d')".formatted(i, i));
            }
            // A rolled-back insert leaves id 11 unused; 12 is pending.
            connection.setAutoCommit(false);
            sql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm9200011', 'Rolled back')");
            connection.rollback();
            connection.setAutoCommit(true);
            sql.execute("INSERT INTO names (nconst, primary_name) VALUES ('nm9200012', 'Name 12')");
            sql.execute("UPDATE name_changes SET published_at = now() WHERE id IN (1, 2, 3, 5, 7, 8)");
            sql.execute("DELETE FROM name_changes WHERE id = 1"); // purged long ago

            Flyway.configure().dataSource(url, postgres.getUsername(), postgres.getPassword()).load().migrate();

            // Published through 3, the row before the oldest pending one: 5, 7 and 8 are sent once more.
            assertThat(ids(sql, "SELECT id FROM name_changes_pending ORDER BY id"))
                    .containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 12L);
            try (ResultSet position = sql.executeQuery(
                    "SELECT published_through, cardinality(gap_first) FROM relay_position")) {
                assertThat(position.next()).isTrue();
                assertThat(position.getLong(1)).isEqualTo(3);
                assertThat(position.getInt(2)).as("writers waited for the migration: no gap").isZero();
                assertThat(position.next()).as("one position").isFalse();
            }
            // Changes after the migration are above the position, hence pending too.
            sql.execute("UPDATE names SET birth_year = 1900 WHERE nconst = 'nm9200002'");
            assertThat(ids(sql, "SELECT id FROM name_changes_pending ORDER BY id"))
                    .containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 12L, 13L);
        } finally {
            try (Connection admin = MigratedDatabase.connect(); Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private static List<Long> ids(Statement sql, String query) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
