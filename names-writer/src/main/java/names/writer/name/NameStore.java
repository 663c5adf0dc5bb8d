package names.writer.name;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

import names.contract.cache.NameSnapshot;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The {@code names} table as the write path uses it: one read and one conditional write per change, plain SQL.
 * Every write is a single-row statement by primary key whose side effects (version, change-log row) are the
 * database's triggers, so an object mapper had nothing to map: Hibernate's session, flush and the Spring Data
 * proxy around them cost ~130 of the writer's ~900 µs of CPU per write, on a 2-core host where the lag's
 * tail follows CPU contention (docs/BENCHMARKS.md, 2026-11-30 15:40 UTC).
 */
@Repository
class NameStore {

    private static final RowMapper<NameSnapshot> ROW = NameStore::snapshot;

    private final JdbcClient jdbc;

    NameStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored name as last committed; no lock (outside a transaction, the statement is its own). */
    Optional<NameSnapshot> find(String nconst) {
        return jdbc.sql("""
                SELECT nconst, primary_name, birth_year, death_year, primary_professions, known_for_titles, version
                FROM names WHERE nconst = ?""")
                .param(nconst)
                .query(ROW)
                .optional();
    }

    /**
     * The stored name, row-locked to the end of the transaction: the If-Match comparison and the write must
     * see the same version. NO KEY UPDATE, because no write changes the key.
     */
    Optional<NameSnapshot> lockForUpdate(String nconst) {
        return jdbc.sql("""
                SELECT nconst, primary_name, birth_year, death_year, primary_professions, known_for_titles, version
                FROM names WHERE nconst = ? FOR NO KEY UPDATE""")
                .param(nconst)
                .query(ROW)
                .optional();
    }

    /** Inserts the name; the version is the database's (identity). Fails with a unique violation if taken. */
    NameSnapshot insert(NameWrite name) {
        long version = jdbc.sql("""
                INSERT INTO names (nconst, primary_name, birth_year, death_year, primary_professions, known_for_titles)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING version""")
                .param(1, name.nconst())
                .param(2, name.primaryName())
                .param(3, name.birthYear(), Types.INTEGER)
                .param(4, name.deathYear(), Types.INTEGER)
                .param(5, textArray(name.primaryProfessions()))
                .param(6, textArray(name.knownForTitles()))
                .query(Long.class)
                .single();
        return name.stored(version);
    }

    /**
     * Replaces every field of the row if it still has {@code expectedVersion}; the new version is the
     * database's (trigger). Empty if the row changed or went since it was read. A concurrent writer's
     * uncommitted change makes this wait for it, then find the newer version (READ COMMITTED re-checks the
     * condition on the row it waited for).
     */
    Optional<NameSnapshot> updateIfVersion(String nconst, long expectedVersion, NameWrite name) {
        return jdbc.sql("""
                UPDATE names SET primary_name = ?, birth_year = ?, death_year = ?, primary_professions = ?,
                                 known_for_titles = ?
                WHERE nconst = ? AND version = ? RETURNING version""")
                .param(1, name.primaryName())
                .param(2, name.birthYear(), Types.INTEGER)
                .param(3, name.deathYear(), Types.INTEGER)
                .param(4, textArray(name.primaryProfessions()))
                .param(5, textArray(name.knownForTitles()))
                .param(6, nconst)
                .param(7, expectedVersion)
                .query(Long.class)
                .optional()
                .map(version -> name.withNconst(nconst).stored(version));
    }

    /** Deletes the row if it still has {@code expectedVersion}; false if it changed or went since it was read. */
    boolean deleteIfVersion(String nconst, long expectedVersion) {
        return jdbc.sql("DELETE FROM names WHERE nconst = ? AND version = ?")
                .param(nconst)
                .param(expectedVersion)
                .update() == 1;
    }

    private static SqlArrayValue textArray(List<String> values) {
        return new SqlArrayValue("text", values.toArray());
    }

    private static NameSnapshot snapshot(ResultSet row, int rowNumber) throws SQLException {
        return new NameSnapshot(
                row.getString("nconst"),
                row.getString("primary_name"),
                row.getObject("birth_year", Integer.class),
                row.getObject("death_year", Integer.class),
                textList(row.getArray("primary_professions")),
                textList(row.getArray("known_for_titles")),
                row.getLong("version"));
    }

    private static List<String> textList(Array array) throws SQLException {
        try {
            return List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
