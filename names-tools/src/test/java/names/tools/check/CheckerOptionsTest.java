package names.tools.check;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import names.contract.Nconst;
import names.memcached.MemcachedNodeSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckerOptionsTest {

    @Test
    void defaultsPointAtALocalDevStack() {
        CheckerOptions options = CheckerOptions.parse();

        assertThat(options.api()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(options.writer()).isEqualTo(URI.create("http://localhost:8081"));
        // The compose names, at the published ports: the checker's ring is the services' ring.
        assertThat(options.memcached().nodes()).containsExactly(
                new MemcachedNodeSpec("memcached-1:11211", "localhost:11211"),
                new MemcachedNodeSpec("memcached-2:11211", "localhost:11212"));
        assertThat(options.kafka()).isEqualTo("localhost:9094");
        assertThat(options.consumerGroup()).isEqualTo("names-invalidator");
        assertThat(options.names()).isEqualTo(200);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.drainTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.maxStaleness()).as("the api's default bound S").isEqualTo(Duration.ofSeconds(2));
        assertThat(options.auditOnly()).isFalse();
    }

    @Test
    void parsesEveryOptionInBothSpellings() {
        CheckerOptions options = CheckerOptions.parse("--api", "http://api:1", "--writer=http://writer:2",
                "--memcached", "a:1, b:2,c=c-host:3", "--names", "5", "--operations", "1000", "--duration", "2m",
                "--seed", "7", "--years", "1900-1901", "--sql-every", "0", "--drain-timeout", "PT10S",
                "--audit-only");

        assertThat(options.api()).isEqualTo(URI.create("http://api:1"));
        assertThat(options.writer()).isEqualTo(URI.create("http://writer:2"));
        assertThat(options.memcached().nodes()).extracting(MemcachedNodeSpec::toString)
                .containsExactly("a:1", "b:2", "c=c-host:3");
        assertThat(options.operations()).isEqualTo(1000);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.seed()).isEqualTo(7);
        assertThat(options.yearCount()).isEqualTo(2);
        assertThat(options.sqlEvery()).isZero();
        assertThat(options.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.auditOnly()).isTrue();
    }

    @Test
    void workloadNamesAreValidNconstsInTheirOwnRange() {
        CheckerOptions options = CheckerOptions.parse("--names", "3", "--first-nconst", "1");

        assertThat(options.nconsts()).containsExactly("nm0000001", "nm0000002", "nm0000003");
        assertThat(CheckerOptions.parse().nconsts()).allMatch(Nconst::isValid).hasSize(200).doesNotHaveDuplicates();
        assertThat(List.of(CheckerOptions.parse().nconst(0))).containsExactly("nm900000000");
    }

    @Test
    void rejectsUnknownOrMalformedOptionsSayingWhich() {
        assertThatThrownBy(() -> CheckerOptions.parse("--nmaes", "3")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("nmaes");
        assertThatThrownBy(() -> CheckerOptions.parse("--names", "many")).hasMessageContaining("--names");
        assertThatThrownBy(() -> CheckerOptions.parse("--names", "0")).hasMessageContaining("--names");
        assertThatThrownBy(() -> CheckerOptions.parse("--duration", "soon")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> CheckerOptions.parse("--years", "1990-1980")).hasMessageContaining("--years");
        assertThatThrownBy(() -> CheckerOptions.parse("--memcached", "nowhere")).hasMessageContaining("--memcached");
        assertThatThrownBy(() -> CheckerOptions.parse("--names")).hasMessageContaining("--names");
    }
}
