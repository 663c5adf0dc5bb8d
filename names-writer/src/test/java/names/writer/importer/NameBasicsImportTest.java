package names.writer.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import names.contract.event.NameChangeType;
import names.writer.support.ChangeEventCollector.ReceivedEvent;
import names.writer.support.WriterIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class NameBasicsImportTest extends WriterIntegrationTest {

    private static final int ROWS = 100_000;

    @Autowired
    NameBasicsImporter importer;

    @Autowired
    DataSource dataSource;

    @TempDir
    Path dir;

    @Test
    void importsAGeneratedFileAndAReimportLogsOnlyTheChangedAndAddedNames() throws Exception {
        Path original = dir.resolve("name.basics.tsv.gz");
        NameBasicsGenerator.generate(ROWS, original, 7);

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ImportSummary first = importer.importFile(original, new PrintStream(output, true, StandardCharsets.UTF_8));

        System.out.println(output.toString(StandardCharsets.UTF_8));
        assertThat(first.read()).isEqualTo(ROWS);
        assertThat(first.malformed()).isZero();
        assertThat(first.inserted() + first.updated() + first.unchanged()).isEqualTo(ROWS);
        assertThat(generatedRows()).isEqualTo(ROWS);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("import done: read=100000 valid=100000");
        long changesBefore = generatedChanges();

        List<String> lines = readLines(original);
        Set<String> renamed = new java.util.HashSet<>();
        for (int line = 1; line <= 100; line++) {
            int index = line * 997;
            String[] fields = lines.get(index).split("\t", -1);
            fields[1] = fields[1] + " Jr.";
            lines.set(index, String.join("\t", fields));
            renamed.add(fields[0]);
        }
        List<String> added = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String nconst = "nm%07d".formatted(ROWS + i);
            added.add(nconst);
            lines.add(nconst + "\tNew Person " + i + "\t1980\t\\N\tactor\t\\N");
        }
        Path modified = dir.resolve("modified.tsv");
        Files.write(modified, lines);

        ImportSummary second = importer.importFile(modified, new PrintStream(new ByteArrayOutputStream()));

        assertThat(second.inserted()).isEqualTo(10);
        assertThat(second.updated()).isEqualTo(100);
        assertThat(second.unchanged()).isEqualTo(ROWS - 100);
        assertThat(generatedChanges() - changesBefore).isEqualTo(110);
        String[] changed = Stream.concat(renamed.stream(), added.stream()).toArray(String[]::new);
        List<ReceivedEvent> events = publishedEventsFor(changed);
        assertThat(events.stream().filter(e -> e.event().type() == NameChangeType.UPDATED)
                .map(e -> e.event().nconst()).collect(Collectors.toSet())).isEqualTo(renamed);
        assertThat(events.stream().filter(e -> added.contains(e.event().nconst())))
                .extracting(e -> e.event().type()).hasSize(10).containsOnly(NameChangeType.CREATED);
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumbersAndSkipped() throws Exception {
        String good = newNconst();
        String badYear = newNconst();
        String alsoGood = newNconst();
        Path file = dir.resolve("mixed.tsv");
        Files.writeString(file, String.join("\n",
                NameBasicsFormat.HEADER,
                good + "\tCatherine Deneuve\t1943\t\\N\tactress,producer\ttt0058898",
                badYear + "\tMarcello Mastroianni\t19240\t\\N\tactor\t\\N",
                "nm12\tToo Short\t\\N\t\\N\tactor\t\\N",
                "only\ttwo fields",
                alsoGood + "\tGrace Kelly\t1929\t1982\tactress\t\\N",
                newNconst() + "\tBad Profession\t\\N\t\\N\tActor\t\\N") + "\n");

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ImportSummary summary = importer.importFile(file, new PrintStream(output, true, StandardCharsets.UTF_8));

        String report = output.toString(StandardCharsets.UTF_8);
        assertThat(summary.read()).isEqualTo(6);
        assertThat(summary.valid()).isEqualTo(2);
        assertThat(summary.malformed()).isEqualTo(4);
        assertThat(summary.inserted()).isEqualTo(2);
        assertThat(report).contains("malformed line 3: birthYear", "malformed line 4: nconst",
                "malformed line 5: line", "malformed line 7: primaryProfessions[0]");
        assertThat(nameRows(good)).isOne();
        assertThat(nameRows(alsoGood)).isOne();
        assertThat(nameRows(badYear)).isZero();
        assertThat(changeRows(badYear)).isZero();
    }

    @Test
    void aFileWithoutTheHeaderIsRefusedAndNothingIsWritten() throws Exception {
        String nconst = newNconst();
        Path file = dir.resolve("headless.tsv");
        Files.writeString(file, nconst + "\tNo Header\t\\N\t\\N\tactor\t\\N\n");

        assertThatThrownBy(() -> importer.importFile(file, new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IOException.class).hasMessageContaining("header");
        assertThat(nameRows(nconst)).isZero();
    }

    @Test
    void aFileNamingAnNconstTwiceKeepsItsLastLine() throws Exception {
        String nconst = newNconst();
        Path file = dir.resolve("twice.tsv.gz");
        try (PrintStream out = new PrintStream(new GZIPOutputStream(Files.newOutputStream(file)), true,
                StandardCharsets.UTF_8)) {
            out.print(NameBasicsFormat.HEADER + "\n"
                    + nconst + "\tFirst Line\t1950\t\\N\tactor\t\\N\n"
                    + nconst + "\tLast Line\t1951\t\\N\tactor\t\\N\n");
        }

        ImportSummary summary = importer.importFile(file, new PrintStream(new ByteArrayOutputStream()));

        assertThat(summary.duplicates()).isOne();
        assertThat(summary.inserted()).isOne();
        assertThat(jdbc.queryForObject("SELECT primary_name FROM names WHERE nconst = ?", String.class, nconst))
                .isEqualTo("Last Line");
        assertThat(changeRows(nconst)).isOne();
    }

    @Test
    void aFileNamingAnExistingNconstTwiceUpdatesItToItsLastLineOnce() throws Exception {
        String nconst = newNconst();
        jdbc.update("INSERT INTO names (nconst, primary_name, birth_year) VALUES (?, 'Stored', 1940)", nconst);
        Path file = dir.resolve("existing-twice.tsv");
        Files.writeString(file, NameBasicsFormat.HEADER + "\n"
                + nconst + "\tFirst Line\t1950\t\\N\tactor\t\\N\n"
                + nconst + "\tLast Line\t1951\t\\N\tactor\t\\N\n");

        ImportSummary summary = importer.importFile(file, new PrintStream(new ByteArrayOutputStream()));

        assertThat(summary.duplicates()).isOne();
        assertThat(summary.updated()).isOne();
        assertThat(summary.inserted()).isZero();
        assertThat(jdbc.queryForObject("SELECT primary_name FROM names WHERE nconst = ?", String.class, nconst))
                .isEqualTo("Last Line");
        assertThat(jdbc.queryForList("SELECT operation FROM name_changes WHERE nconst = ? ORDER BY id",
                String.class, nconst)).containsExactly("CREATED", "UPDATED");
    }

    @Test
    void aNameCreatedByAnotherWriterWhileTheImportRunsIsLeftAsThatWriterMadeItAndTheImportSucceeds()
            throws Exception {
        String contested = newNconst();
        String uncontested = newNconst();
        Path file = dir.resolve("contested.tsv");
        Files.writeString(file, NameBasicsFormat.HEADER + "\n"
                + contested + "\tFrom The File\t1950\t\\N\tactor\t\\N\n"
                + uncontested + "\tAlso From The File\t1951\t\\N\tactor\t\\N\n");

        ImportSummary summary;
        try (Connection otherWriter = dataSource.getConnection();
                ExecutorService executor = Executors.newSingleThreadExecutor()) {
            otherWriter.setAutoCommit(false);
            try (PreparedStatement insert = otherWriter.prepareStatement(
                    "INSERT INTO names (nconst, primary_name) VALUES (?, 'From Another Writer')")) {
                insert.setString(1, contested);
                insert.executeUpdate();
            }
            Future<ImportSummary> running = executor.submit(
                    () -> importer.importFile(file, new PrintStream(new ByteArrayOutputStream())));
            // The import's INSERT now waits on the other writer's uncommitted row, then collides with it.
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND query LIKE 'INSERT INTO names%'", Long.class) > 0);
            otherWriter.commit();
            summary = running.get(30, TimeUnit.SECONDS);
        }

        assertThat(summary.inserted()).isOne();
        assertThat(summary.unchanged()).isOne();
        assertThat(jdbc.queryForObject("SELECT primary_name FROM names WHERE nconst = ?", String.class, contested))
                .isEqualTo("From Another Writer");
        assertThat(jdbc.queryForObject("SELECT primary_name FROM names WHERE nconst = ?", String.class, uncontested))
                .isEqualTo("Also From The File");
        assertThat(changeRows(contested)).isOne();
        assertThat(changeRows(uncontested)).isOne();
    }

    private long generatedRows() {
        return jdbc.queryForObject("SELECT count(*) FROM names WHERE length(nconst) = 9", Long.class);
    }

    /** The generator's nconsts have 7 digits; every other test uses 10. */
    private long generatedChanges() {
        return jdbc.queryForObject("SELECT count(*) FROM name_changes WHERE length(nconst) = 9", Long.class);
    }

    private static List<String> readLines(Path gzip) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(gzip))) {
            return new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
    }
}
