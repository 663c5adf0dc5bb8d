package names.tools.check;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Operations done, by a label such as {@code "PUT 200"} or {@code "GET 200 hit"}. */
final class OperationCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String label) {
        counts.computeIfAbsent(label, key -> new LongAdder()).increment();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((label, count) -> sorted.put(label, count.sum()));
        return sorted;
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
