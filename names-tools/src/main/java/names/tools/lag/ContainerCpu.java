package names.tools.lag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Each container's CPU time, from the cgroup counter Docker keeps for it, read before and after the
 * measurement. The lag at a given rate follows the CPU every write costs the stack on two shared cores, and
 * how that CPU splits between the services says where to cut; the per-write figures also compare across
 * hosts of different speed better than the latencies, whose tail is queueing.
 *
 * @param nanos CPU nanoseconds used so far, by container name, in the order given; a container whose
 *     counter could not be read is left out
 */
record ContainerCpu(Map<String, Long> nanos) {

    /** Reads every counter now: cgroup v1 {@code cpuacct.usage} (ns) or cgroup v2 {@code cpu.stat}. */
    static ContainerCpu read(Map<String, Path> counters) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        counters.forEach((name, file) -> nanosOf(file).ifPresent(value -> nanos.put(name, value)));
        return new ContainerCpu(nanos);
    }

    static OptionalLong nanosOf(Path counter) {
        try {
            return parse(counter.getFileName().toString(), Files.readAllLines(counter));
        } catch (IOException | UncheckedIOException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code cpuacct.usage}: one number, ns; {@code cpu.stat}: the {@code usage_usec} line, µs. */
    static OptionalLong parse(String fileName, List<String> lines) {
        try {
            if (fileName.equals("cpu.stat")) {
                return lines.stream().map(String::strip).filter(line -> line.startsWith("usage_usec "))
                        .mapToLong(line -> Long.parseLong(line.substring("usage_usec ".length()).strip()) * 1000)
                        .findFirst();
            }
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * CPU microseconds per write since {@code before}, by container (in this reading's order), for the
     * containers read both times; a counter that went backwards (the container was recreated) is left out.
     */
    Map<String, Double> microsPerWrite(ContainerCpu before, long writes) {
        Map<String, Double> perWrite = new LinkedHashMap<>();
        if (writes <= 0) {
            return perWrite;
        }
        nanos.forEach((name, after) -> {
            Long start = before.nanos.get(name);
            if (start != null && after >= start) {
                perWrite.put(name, (after - start) / 1000.0 / writes);
            }
        });
        return perWrite;
    }
}
