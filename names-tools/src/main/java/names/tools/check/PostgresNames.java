package names.tools.check;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

import names.contract.cache.NameSnapshot;

/**
 * The source of truth, read (and, like an operator would, updated) with plain SQL. One connection: use
 * one instance per thread.
 */
final class PostgresNames implements AutoCloseable {

    private static final String COLUMNS =
            "nconst, primary_name, birth_year, death_year, primary_professions, known_for_titles, version";

    private final Connection connection;

    PostgresNames(String url, String user, String password) throws SQLException {
        this.connection = DriverManager.getConnection(url, user, password);
        this.connection.setAutoCommit(true);
    }

    Map<String, NameSnapshot> byNconst(Collection<String> nconsts) throws SQLException {
        Map<String, NameSnapshot> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM names WHERE nconst = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("varchar", nconsts.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    NameSnapshot row = snapshot(rs);
                    rows.put(row.nconst(), row);
                }
            }
        }
        return rows;
    }

    List<NameSnapshot> byBirthYear(int birthYear) throws SQLException {
        List<NameSnapshot> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM names WHERE birth_year = ? ORDER BY nconst")) {
            select.setInt(1, birthYear);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(snapshot(rs));
                }
            }
        }
        return rows;
    }

    /** Change-log rows the writer's relay has not published yet. */
    long pendingChanges() throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM name_changes_pending");
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * An operator's UPDATE, behind the services' back: the trigger still versions and logs it.
     *
     * @return the new version, or null when the name does not exist
     */
    Long renameDirectly(String nconst, String primaryName) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE names SET primary_name = ? WHERE nconst = ? RETURNING version")) {
            update.setString(1, primaryName);
            update.setString(2, nconst);
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static NameSnapshot snapshot(ResultSet rs) throws SQLException {
        return new NameSnapshot(rs.getString("nconst"), rs.getString("primary_name"),
                integer(rs, "birth_year"), integer(rs, "death_year"),
                strings(rs.getArray("primary_professions")), strings(rs.getArray("known_for_titles")),
                rs.getLong("version"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
