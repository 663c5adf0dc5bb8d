package names.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;

class PostgresEnvironmentTest {

    @Test
    void flywaySchemaAcceptsANameAndLogsItsChangeInTheSameTransaction() throws Exception {
        PostgreSQLContainer postgres = SharedContainers.postgres();
        Flyway.configure().dataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())
                .load().migrate();

        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword()); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM names WHERE nconst = 'nm9000001'");
            sql.execute("INSERT INTO names (nconst, primary_name, birth_year, primary_professions) "
                    + "VALUES ('nm9000001', 'Round Trip', 1950, '{actor}')");

            try (ResultSet row = sql.executeQuery(
                    "SELECT primary_name, birth_year, primary_professions[1], version FROM names WHERE nconst = 'nm9000001'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("Round Trip");
                assertThat(row.getInt(2)).isEqualTo(1950);
                assertThat(row.getString(3)).isEqualTo("actor");
                long version = row.getLong(4);
                try (ResultSet change = sql.executeQuery("SELECT operation, version, new_birth_year FROM name_changes "
                        + "WHERE nconst = 'nm9000001' ORDER BY id DESC LIMIT 1")) {
                    assertThat(change.next()).isTrue();
                    assertThat(change.getString(1)).isEqualTo("CREATED");
                    assertThat(change.getLong(2)).isEqualTo(version);
                    assertThat(change.getInt(3)).isEqualTo(1950);
                }
            }
        }
    }
}
