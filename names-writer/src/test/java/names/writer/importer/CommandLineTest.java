package names.writer.importer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import names.testsupport.SharedContainers;
import names.writer.NamesWriterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.postgresql.PostgreSQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's {@code generate} and {@code import} commands, as an operator runs them (minus System.exit). */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void generateThenImportPrintTheirSummariesAndExitZero() {
        Path file = dir.resolve("names.tsv.gz");
        PostgreSQLContainer postgres = SharedContainers.postgres();

        CommandResult generated = capture(() -> GenerateCommand.run(new String[] {"generate", "300", file.toString(), "5"}));
        CommandResult imported = capture(() -> ImportCommand.run(NamesWriterApplication.class, new String[] {
            "import", file.toString(),
            "--spring.datasource.url=" + postgres.getJdbcUrl(),
            "--spring.datasource.username=" + postgres.getUsername(),
            "--spring.datasource.password=" + postgres.getPassword()}));

        assertThat(generated.exitCode()).isZero();
        assertThat(generated.output()).startsWith("generated 300 rows into " + file + " (seed 5)");
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output()).containsPattern(
                "import done: read=300 valid=300 malformed=0 duplicates=0 inserted=\\d+ updated=\\d+ unchanged=\\d+"
                        + " elapsed=[0-9.]+s rate=\\d+ rows/s");
    }

    @Test
    void importIfEmptyLeavesAPopulatedTableAlone() throws Exception {
        PostgreSQLContainer postgres = SharedContainers.postgres();
        String[] datasource = {"--spring.datasource.url=" + postgres.getJdbcUrl(),
            "--spring.datasource.username=" + postgres.getUsername(),
            "--spring.datasource.password=" + postgres.getPassword()};
        Path first = dir.resolve("first.tsv");
        Path second = dir.resolve("second.tsv");
        capture(() -> GenerateCommand.run(new String[] {"generate", "20", first.toString(), "7"}));
        capture(() -> GenerateCommand.run(new String[] {"generate", "400", second.toString(), "8"}));
        assertThat(capture(() -> ImportCommand.run(NamesWriterApplication.class,
                concat(new String[] {"import", first.toString()}, datasource))).exitCode()).isZero();
        long before = countNames(postgres);

        CommandResult skipped = capture(() -> ImportCommand.run(NamesWriterApplication.class,
                concat(new String[] {"import", "--if-empty", second.toString()}, datasource)));

        assertThat(skipped.exitCode()).as(skipped.output()).isZero();
        assertThat(skipped.output()).contains("import skipped: names is not empty");
        assertThat(countNames(postgres)).isEqualTo(before);
    }

    private static long countNames(PostgreSQLContainer postgres) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword()); var rows = connection.createStatement().executeQuery("SELECT count(*) FROM names")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String[] concat(String[] first, String[] second) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second))
                .toArray(String[]::new);
    }

    @Test
    void wrongUsageExitsTwoAndAMissingFileOne() {
        assertThat(capture(() -> GenerateCommand.run(new String[] {"generate", "many", "x.tsv"})).exitCode()).isEqualTo(2);
        CommandResult tooMany = capture(() -> GenerateCommand.run(new String[] {"generate", "10000000", "x.tsv"}));
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.output()).contains("N must be between 0 and 9999999", "Usage: generate");
        assertThat(capture(() -> ImportCommand.run(NamesWriterApplication.class, new String[] {"import"})).exitCode())
                .isEqualTo(2);
        assertThat(capture(() -> ImportCommand.run(NamesWriterApplication.class,
                new String[] {"import", "a.tsv", "b.tsv"})).exitCode()).isEqualTo(2);
        assertThat(capture(() -> ImportCommand.run(NamesWriterApplication.class,
                new String[] {"import", dir.resolve("absent.tsv").toString()})).exitCode()).isEqualTo(1);
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        CommandResult generate = capture(() -> GenerateCommand.run(new String[] {"generate", "--help"}));
        CommandResult imports = capture(() -> ImportCommand.run(NamesWriterApplication.class,
                new String[] {"import", "--help"}));

        assertThat(generate.exitCode()).isZero();
        assertThat(generate.output()).contains("Usage: generate", "N FILE [SEED]", "[42]");
        assertThat(imports.exitCode()).isZero();
        assertThat(imports.output()).contains("Usage: import", "--if-empty", "FILE", "--spring.datasource.url");
    }

    private record CommandResult(int exitCode, String output) {
    }

    private interface Command {
        int run();
    }

    private static CommandResult capture(Command command) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exitCode = command.run();
            return new CommandResult(exitCode, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
