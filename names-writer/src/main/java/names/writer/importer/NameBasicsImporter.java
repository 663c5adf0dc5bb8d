package names.writer.importer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import names.writer.name.NameWrite;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.stereotype.Component;

/**
 * Loads a {@code name.basics.tsv(.gz)} file in one transaction: valid lines are streamed with COPY into a
 * temporary table, then merged into {@code names}: one UPDATE of the existing names whose content differs,
 * one INSERT of the new ones. The change-log triggers therefore log (and the relay publishes) exactly the
 * created and changed names, and a failure anywhere leaves the database as it was.
 */
@Component
public class NameBasicsImporter {

    private static final int BUFFER = 1 << 16;
    private static final String STAGING = "names_import";

    private static final String CREATE_STAGING = """
            CREATE TEMP TABLE names_import (
                line_no bigint NOT NULL,
                nconst varchar(12) COLLATE "C" NOT NULL,
                primary_name varchar(500) NOT NULL,
                birth_year smallint,
                death_year smallint,
                primary_professions text[] NOT NULL,
                known_for_titles text[] NOT NULL
            ) ON COMMIT DROP""";

    private static final String COPY = "COPY " + STAGING + " (line_no, nconst, primary_name, birth_year, death_year,"
            + " primary_professions, known_for_titles) FROM STDIN";

    // A file may name an nconst twice; its last line wins. Only when it does (count(DISTINCT) tells) is
    // a deduplicated copy made: sorting a million rows is not free.
    private static final String LAST_LINES = """
            CREATE TEMP TABLE names_import_last ON COMMIT DROP AS
            SELECT DISTINCT ON (nconst) * FROM names_import ORDER BY nconst, line_no DESC""";

    // Existing names first, and only those whose content differs: an unchanged line is a no-op, so no new
    // version and no event. Running before the INSERT keeps this join to the rows that existed.
    private static final String UPDATE_CHANGED = """
            UPDATE names AS n SET
                primary_name = i.primary_name,
                birth_year = i.birth_year,
                death_year = i.death_year,
                primary_professions = i.primary_professions,
                known_for_titles = i.known_for_titles
            FROM %s AS i
            WHERE n.nconst = i.nconst
              AND (n.primary_name, n.birth_year, n.death_year, n.primary_professions, n.known_for_titles)
                  IS DISTINCT FROM
                  (i.primary_name, i.birth_year, i.death_year, i.primary_professions, i.known_for_titles)""";

    // A plain INSERT, not ON CONFLICT: the speculative insertion behind ON CONFLICT cost ~1.2 s of a
    // million-row import. A name created by another writer after the UPDATE's snapshot is skipped here
    // when it is already committed, and makes this statement fail when it is not; INSERT_NEW_ON_CONFLICT
    // then runs instead, after a rollback to a savepoint, so a concurrent create never fails an import.
    private static final String INSERT_NEW = """
            INSERT INTO names (nconst, primary_name, birth_year, death_year, primary_professions, known_for_titles)
            SELECT i.nconst, i.primary_name, i.birth_year, i.death_year, i.primary_professions, i.known_for_titles
            FROM %s AS i
            WHERE NOT EXISTS (SELECT 1 FROM names AS n WHERE n.nconst = i.nconst)""";

    private static final String INSERT_NEW_ON_CONFLICT = INSERT_NEW + " ON CONFLICT (nconst) DO NOTHING";

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final ImportProperties properties;

    public NameBasicsImporter(DataSource dataSource, ImportProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /** Whether {@code names} holds any row at all. */
    public boolean hasNames() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM names)")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /**
     * Imports the file, printing progress, malformed lines and the summary to {@code out}.
     *
     * @throws IOException if the file cannot be read or lacks the name.basics header (nothing written)
     * @throws SQLException if the database refuses the import (nothing written)
     */
    public ImportSummary importFile(Path file, PrintStream out) throws IOException, SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(CREATE_STAGING);
                }
                Staged staged = stage(file, connection.unwrap(PGConnection.class), out, started);
                Merged merged = merge(connection, staged.valid());
                connection.commit();
                ImportSummary summary = new ImportSummary(staged.read(), staged.valid(), staged.malformed(),
                        staged.valid() - merged.distinct(), merged.inserted(), merged.updated(),
                        merged.distinct() - merged.inserted() - merged.updated(),
                        Duration.ofNanos(System.nanoTime() - started));
                out.println(summary.format());
                return summary;
            } catch (IOException | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static Merged merge(Connection connection, long valid) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long distinct;
            try (ResultSet rs = statement.executeQuery("SELECT count(DISTINCT nconst) FROM " + STAGING)) {
                rs.next();
                distinct = rs.getLong(1);
            }
            String source = STAGING;
            if (distinct < valid) {
                statement.execute(LAST_LINES);
                source = "names_import_last";
            }
            long updated = statement.executeUpdate(UPDATE_CHANGED.formatted(source));
            Savepoint beforeInsert = connection.setSavepoint();
            long inserted;
            try {
                inserted = statement.executeUpdate(INSERT_NEW.formatted(source));
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(beforeInsert);
                inserted = statement.executeUpdate(INSERT_NEW_ON_CONFLICT.formatted(source));
            }
            return new Merged(distinct, inserted, updated);
        }
    }

    private Staged stage(Path file, PGConnection connection, PrintStream out, long started)
            throws IOException, SQLException {
        long read = 0;
        long valid = 0;
        long malformed = 0;
        long nextProgress = started + properties.progressInterval().toNanos();
        try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(NameBasicsFormat.open(file), StandardCharsets.UTF_8), BUFFER);
                Writer copy = new BufferedWriter(new OutputStreamWriter(
                        new PGCopyOutputStream(connection, COPY, BUFFER), StandardCharsets.UTF_8), BUFFER)) {
            String header = reader.readLine();
            if (!NameBasicsFormat.HEADER.equals(header)) {
                throw new IOException("not a name.basics file: the first line must be the header '"
                        + NameBasicsFormat.HEADER.replace('\t', ' ') + "' (tab-separated)");
            }
            StringBuilder row = new StringBuilder(256);
            String line;
            while ((line = reader.readLine()) != null) {
                read++;
                long lineNumber = read + 1;
                switch (NameBasicsLineParser.parse(line)) {
                    case NameBasicsLineParser.Valid v -> {
                        valid++;
                        row.setLength(0);
                        appendCopyRow(row, lineNumber, v.name());
                        copy.append(row);
                    }
                    case NameBasicsLineParser.Malformed m -> {
                        malformed++;
                        if (malformed <= properties.reportLimit()) {
                            out.println("malformed line " + lineNumber + ": " + m.reason());
                        } else if (malformed == properties.reportLimit() + 1) {
                            out.println("more malformed lines: counted, not printed");
                        }
                    }
                }
                if ((read & 0xFFF) == 0 && System.nanoTime() >= nextProgress) {
                    nextProgress = System.nanoTime() + properties.progressInterval().toNanos();
                    double seconds = (System.nanoTime() - started) / 1e9;
                    out.println(String.format(Locale.ROOT, "progress: read=%d rows (%.0f rows/s)", read,
                            read / seconds));
                }
            }
        }
        return new Staged(read, valid, malformed);
    }

    /** One line of COPY's text format; the name arrives here validated (NameRules). */
    static void appendCopyRow(StringBuilder row, long lineNumber, NameWrite name) {
        row.append(lineNumber).append('\t');
        appendText(row, name.nconst());
        row.append('\t');
        appendText(row, name.primaryName());
        row.append('\t');
        appendYear(row, name.birthYear());
        row.append('\t');
        appendYear(row, name.deathYear());
        row.append('\t');
        appendArray(row, name.primaryProfessions());
        row.append('\t');
        appendArray(row, name.knownForTitles());
        row.append('\n');
    }

    private static void appendYear(StringBuilder row, Integer year) {
        if (year == null) {
            row.append("\\N");
        } else {
            row.append(year.intValue());
        }
    }

    /** The elements are validated ([a-z_]+ or tt + digits), so they need no quoting inside the literal. */
    private static void appendArray(StringBuilder row, List<String> items) {
        row.append('{').append(String.join(",", items)).append('}');
    }

    private static void appendText(StringBuilder row, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
    }

    private record Staged(long read, long valid, long malformed) {
    }

    private record Merged(long distinct, long inserted, long updated) {
    }
}
