package names.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import names.memcached.KetamaRing;
import names.memcached.MemcachedNodeSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MemcachedServersTest {

    @CommandLine.Command
    static final class WithServers {
        @CommandLine.Mixin
        MemcachedServers servers;
    }

    private static MemcachedServers parse(String... args) {
        WithServers command = new WithServers();
        new CommandLine(command).parseArgs(args);
        return command.servers;
    }

    @Test
    void theDefaultNamesTheNodesAsComposeDoesSoTheToolsRingIsTheServicesRing() {
        List<MemcachedNodeSpec> nodes = parse().nodes();

        assertThat(nodes).extracting(MemcachedNodeSpec::address).containsExactly("localhost:11211", "localhost:11212");
        // The services' compose configuration lists memcached-1:11211,memcached-2:11211.
        assertThat(new KetamaRing(nodes.stream().map(MemcachedNodeSpec::name).toList()).fingerprint())
                .isEqualTo(new KetamaRing(List.of("memcached-1:11211", "memcached-2:11211")).fingerprint());
    }

    @Test
    void plainAddressesAreTheirOwnNames() {
        assertThat(parse("--memcached", "10.0.0.5:11211,10.0.0.6:11211").nodes())
                .containsExactly(MemcachedNodeSpec.parse("10.0.0.5:11211"), MemcachedNodeSpec.parse("10.0.0.6:11211"));
    }
}
