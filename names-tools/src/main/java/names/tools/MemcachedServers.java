package names.tools;

import java.time.Duration;
import java.util.List;

import names.memcached.MemcachedNodeSpec;
import names.memcached.MemcachedNodes;
import names.memcached.MemcachedPoolSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --memcached} option every tool shares: the nodes as the services name them, at the address
 * this tool reaches them by. With the compose names ({@code memcached-2:11211=localhost:11212}) the tool's
 * ring agrees with the services' ring about which node holds a key.
 */
public final class MemcachedServers {

    public static final String DEFAULT = "memcached-1:11211=localhost:11211,memcached-2:11211=localhost:11212";

    @Option(names = "--memcached", paramLabel = "LIST", split = "\\s*,\\s*", splitSynopsisLabel = ",",
            converter = SpecConverter.class, defaultValue = DEFAULT,
            description = "memcached nodes, NAME=HOST:PORT or HOST:PORT, comma-separated; NAME as in the"
                    + " services' configuration [${DEFAULT-VALUE}]")
    private List<MemcachedNodeSpec> nodes;

    public List<MemcachedNodeSpec> nodes() {
        return nodes;
    }

    /** Connects to every node, one client each (tools wait longer per operation than the read path). */
    public MemcachedNodes connect(String poolName, Duration operationTimeout) {
        List<String> servers = nodes.stream().map(MemcachedNodeSpec::toString).toList();
        return MemcachedNodes.connect(new MemcachedPoolSettings(poolName, servers, operationTimeout,
                Duration.ofSeconds(2), 1, Duration.ofSeconds(1)));
    }

    static final class SpecConverter implements ITypeConverter<MemcachedNodeSpec> {
        @Override
        public MemcachedNodeSpec convert(String value) {
            try {
                return MemcachedNodeSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
