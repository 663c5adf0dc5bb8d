package names.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import names.testsupport.ContainerImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The alert rules and Prometheus configuration in {@code monitoring/prometheus}, checked by promtool inside
 * the image the compose "monitoring" profile runs (the official {@code prom/prometheus}, or the offline one
 * named by {@code NAMES_PROMETHEUS_IMAGE}): no promtool on the host, and the same Prometheus that will load
 * them. A unit test, not an E2E one: it needs the files and Docker, not the services' jars.
 */
class PrometheusRulesTest {

    private static final Path MONITORING = Path.of("..", "monitoring", "prometheus").toAbsolutePath().normalize();
    private static final String CONFIG_DIR = "/etc/prometheus";

    private static GenericContainer<?> prometheus;

    @BeforeAll
    static void startPrometheusImage() {
        assertThat(MONITORING.resolve("prometheus.yml")).as("run from names-e2e/").exists();
        // Kept alive by sleep so that promtool runs through exec, which hands back its exit code and output.
        prometheus = new GenericContainer<>(ContainerImages.PROMETHEUS)
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sleep"))
                .withCommand("300")
                .withCopyFileToContainer(MountableFile.forHostPath(MONITORING), CONFIG_DIR);
        prometheus.start();
    }

    @AfterAll
    static void stopPrometheusImage() {
        if (prometheus != null) {
            prometheus.stop();
        }
    }

    @Test
    void everyAlertPassesItsPromtoolUnitTests() throws Exception {
        ExecResult result = promtool("test", "rules", CONFIG_DIR + "/alerts.test.yml");

        assertThat(result.getExitCode()).as("promtool test rules failed:%n%s", output(result)).isZero();
        assertThat(result.getStdout()).contains("SUCCESS");
    }

    @Test
    void configurationAndRulesAreValid() throws Exception {
        ExecResult result = promtool("check", "config", CONFIG_DIR + "/prometheus.yml");

        assertThat(result.getExitCode()).as("promtool check config failed:%n%s", output(result)).isZero();
        // check config also checks the rule files it names: proof alerts.yml is among them.
        assertThat(result.getStdout()).contains("Checking " + CONFIG_DIR + "/alerts.yml");
    }

    @Test
    void everyAlertHasAFiringAndAQuietCase() throws IOException {
        String rules = Files.readString(MONITORING.resolve("alerts.yml"));
        String tests = Files.readString(MONITORING.resolve("alerts.test.yml"));
        List<String> alerts = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$").matcher(rules).results()
                .map(match -> match.group(1))
                .toList();

        assertThat(alerts).isNotEmpty();
        for (String alert : alerts) {
            String quoted = Pattern.quote(alert);
            Pattern quiet = Pattern.compile("alertname: " + quoted + "\\s*\\n\\s*exp_alerts: \\[\\]");
            Pattern firing = Pattern.compile("alertname: " + quoted + "\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels:");
            assertThat(quiet.matcher(tests).find()).as("%s has no case where it stays quiet", alert).isTrue();
            assertThat(firing.matcher(tests).find()).as("%s has no case where it fires", alert).isTrue();
        }
    }

    @Test
    void theRulesHalfOfSIsHalfTheApisStalenessBound() throws IOException {
        String api = Files.readString(MONITORING.resolve("../../names-api/src/main/resources/application.yml"));
        String rules = Files.readString(MONITORING.resolve("alerts.yml"));
        Matcher bound = Pattern.compile("(?m)^\\s*max-staleness:\\s*(\\d+)s\\s*$").matcher(api);
        assertThat(bound.find()).as("names.api.cache.max-staleness in names-api's application.yml").isTrue();
        double halfOfS = Integer.parseInt(bound.group(1)) / 2.0;
        List<Double> marked = Pattern.compile("> *([0-9.]+) *# S_HALF").matcher(rules).results()
                .map(match -> Double.parseDouble(match.group(1)))
                .toList();

        assertThat(marked).as("comparisons marked S_HALF in alerts.yml").isNotEmpty();
        assertThat(marked).as("S_HALF in alerts.yml, for S = %s s", bound.group(1)).containsOnly(halfOfS);
    }

    private static ExecResult promtool(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = "/bin/promtool";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        ExecResult result = prometheus.execInContainer(command);
        System.out.printf("%s (%s), exit %d:%n%s%n", String.join(" ", command),
                prometheus.getDockerImageName(), result.getExitCode(), output(result));
        return result;
    }

    private static String output(ExecResult result) {
        return result.getStdout() + result.getStderr();
    }
}
