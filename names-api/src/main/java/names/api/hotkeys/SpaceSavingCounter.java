package names.api.hotkeys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The space-saving algorithm (Metwally, Agrawal, El Abbadi 2005): approximate top-K over a stream with at
 * most {@code capacity} counters. A new key arriving when all counters are taken replaces the key with the
 * smallest count and inherits that count plus one. Counts are therefore over-estimates by at most the
 * inherited amount ({@link Entry#error()}), and every key whose true count exceeds N/capacity is kept.
 *
 * <p>Not thread-safe: {@link HotKeys} serialises access. Eviction scans for the minimum, which is O(capacity)
 * but only happens for keys not already tracked; with a small capacity (about 100) that beats maintaining
 * the stream-summary linked structure.
 */
public final class SpaceSavingCounter {

    /** @param count estimated occurrences (an upper bound) @param error how much of it may be inherited */
    public record Entry(String key, long count, long error) {
    }

    private static final class Slot {
        long count;
        long error;

        Slot(long count, long error) {
            this.count = count;
            this.error = error;
        }
    }

    private final int capacity;
    private final Map<String, Slot> slots;

    public SpaceSavingCounter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.slots = HashMap.newHashMap(capacity + 1);
    }

    public void add(String key) {
        Slot slot = slots.get(key);
        if (slot != null) {
            slot.count++;
            return;
        }
        if (slots.size() < capacity) {
            slots.put(key, new Slot(1, 0));
            return;
        }
        String victim = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            if (e.getValue().count < min) {
                min = e.getValue().count;
                victim = e.getKey();
            }
        }
        slots.remove(victim);
        slots.put(key, new Slot(min + 1, min));
    }

    /** Every tracked key, highest count first (ties by key, for stable output). */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(slots.size());
        slots.forEach((key, slot) -> entries.add(new Entry(key, slot.count, slot.error)));
        entries.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::key));
        return entries;
    }

    public int size() {
        return slots.size();
    }
}
