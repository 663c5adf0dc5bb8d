package names.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table's own rules, which hold for an operator's SQL as much as for the services. */
class NameConstraintsTest {

    @BeforeAll
    static void migrate() {
        MigratedDatabase.migrate();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nm9200001", "nm9200000001"})
    void anNconstOfNmAndSevenToTenDigitsIsAccepted(String nconst) throws SQLException {
        try (Connection connection = connect()) {
            delete(connection, nconst);
            assertThatCode(() -> insert(connection, nconst)).doesNotThrowAnyException();
            delete(connection, nconst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nm920001", "NM9200001", "xm9200001", "nm92000 1", "nm920000x",
            "nmx200001", "nm\u0669\u0662\u0660\u0660\u0660\u0660\u0661", "nm9200001\n", " nm9200001"})
    void anyOtherNconstIsRefused(String nconst) throws SQLException {
        try (Connection connection = connect()) {
            assertThatThrownBy(() -> insert(connection, nconst)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("names_nconst_check");
        }
    }

    private static void insert(Connection connection, String nconst) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO names (nconst, primary_name) VALUES (?, 'Constraint Test')")) {
            insert.setString(1, nconst);
            insert.executeUpdate();
        }
    }

    private static void delete(Connection connection, String nconst) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM names WHERE nconst = ?")) {
            delete.setString(1, nconst);
            delete.executeUpdate();
        }
    }

    private static Connection connect() throws SQLException {
        return MigratedDatabase.connect();
    }
}
