package names.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NamesToolsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = NamesTools.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void everySubcommandExplainsItselfWithHelp() {
        assertThat(run("check", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: names-tools check", "--memcached=LIST", "--audit-only",
                "memcached-1:11211=localhost:11211", "1   stale entries found");

        assertThat(run("lag", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: names-tools lag", "--ids-file=FILE", "--warmup-max=D");

        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("check", "lag");
    }

    @Test
    void saysItsVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("names-tools ");

        assertThat(run("check", "--version")).isZero();
        assertThat(run("lag", "-V")).isZero();
        assertThat(out.toString().lines().filter(line -> line.startsWith("names-tools ")).count()).isEqualTo(3);
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        assertThat(run("check", "--names", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("--names", "Usage: names-tools check");

        assertThat(run("check", "--names", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--names must be positive");

        assertThat(run("lag", "--rate", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("--ids-file");

        assertThat(run()).isEqualTo(2);
        assertThat(run("chek")).isEqualTo(2);
    }

    @Test
    void durationsReadTheWayTheyAreTyped() {
        assertThat(DurationConverter.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }
}
