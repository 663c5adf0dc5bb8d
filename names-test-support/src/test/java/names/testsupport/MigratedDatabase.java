package names.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The shared PostgreSQL container with the project's migrations applied, for tests of the schema itself. */
final class MigratedDatabase {

    private MigratedDatabase() {
    }

    static void migrate() {
        PostgreSQLContainer postgres = SharedContainers.postgres();
        Flyway.configure().dataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())
                .load().migrate();
    }

    static Connection connect() throws SQLException {
        PostgreSQLContainer postgres = SharedContainers.postgres();
        return DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }
}
