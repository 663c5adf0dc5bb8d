package names.invalidator.consistency;

import java.lang.reflect.Array;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import names.contract.Nconst;
import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeType;

/**
 * The applied changes whose checks are still to come, in the order their deletes were acknowledged, with one
 * cursor per window: the next change that window has not looked at. A change is dropped once the last window
 * took it.
 *
 * <p>Kept in columns of primitives (a ring), not as event objects: the last window (60 s) holds a minute of
 * changes, ~30 000 at 500 writes/s, and as events, batches and scheduled tasks they were nearly all of what
 * the invalidator's young collections copied every few seconds (pauses of 40-80 ms against 2-18 ms without
 * the observer, in the invalidation lag's tail). Here that minute is a dozen arrays, whatever its length.
 *
 * <p>Not thread-safe: {@link InvalidationObserver} guards it.
 */
final class PendingChecks {

    /** A change to look at in a window: the node it was applied on (the observer's index) and the change. */
    record Due(int node, NameChangeEvent event) {
    }

    private static final int NO_YEAR = Integer.MIN_VALUE;
    private static final NameChangeType[] TYPES = NameChangeType.values();

    private final long[] windowMillis;
    private final int initialCapacity;
    /** Per window, the absolute index of the first change it has not taken. */
    private final long[] cursors;
    /** Absolute indexes of the changes kept: [head, tail). Slot of index i: i & mask. */
    private long head;
    private long tail;
    private int mask;

    private int[] node = new int[0];
    private long[] appliedAt = new long[0];
    private int[] schemaVersion = new int[0];
    private long[] eventIdHigh = new long[0];
    private long[] eventIdLow = new long[0];
    private byte[] type = new byte[0];
    private long[] nconst = new long[0];
    private long[] version = new long[0];
    private int[] oldBirthYear = new int[0];
    private int[] newBirthYear = new int[0];
    private long[] committedSeconds = new long[0];
    private int[] committedNanos = new int[0];

    PendingChecks(long[] windowMillis, int initialCapacity) {
        this.windowMillis = windowMillis.clone();
        this.cursors = new long[windowMillis.length];
        this.initialCapacity = Integer.highestOneBit(Math.max(2, initialCapacity - 1)) << 1;
        resize(this.initialCapacity);
    }

    /** (change, window) checks not yet taken. */
    long queued() {
        long queued = 0;
        for (long cursor : cursors) {
            queued += tail - cursor;
        }
        return queued;
    }

    /** Changes kept (taken by some window, not yet by the last). */
    int kept() {
        return (int) (tail - head);
    }

    /**
     * Keeps {@code event}, applied on {@code nodeIndex} at {@code appliedAtMillis}. The times must not go back:
     * each window takes changes in the order they were added.
     */
    void add(int nodeIndex, long appliedAtMillis, NameChangeEvent event) {
        if (tail > head && appliedAtMillis < appliedAt[(int) ((tail - 1) & mask)]) {
            throw new IllegalArgumentException("changes must be added in the order they were applied");
        }
        if (tail - head == node.length) {
            resize(node.length * 2);
        }
        int slot = (int) (tail & mask);
        node[slot] = nodeIndex;
        appliedAt[slot] = appliedAtMillis;
        schemaVersion[slot] = event.schemaVersion();
        eventIdHigh[slot] = event.eventId().getMostSignificantBits();
        eventIdLow[slot] = event.eventId().getLeastSignificantBits();
        type[slot] = (byte) event.type().ordinal();
        nconst[slot] = Nconst.pack(event.nconst());
        version[slot] = event.version();
        oldBirthYear[slot] = event.oldBirthYear() == null ? NO_YEAR : event.oldBirthYear();
        newBirthYear[slot] = event.newBirthYear() == null ? NO_YEAR : event.newBirthYear();
        committedSeconds[slot] = event.committedAt().getEpochSecond();
        committedNanos[slot] = event.committedAt().getNano();
        tail++;
    }

    /** The latest time any change was added at, or {@link Long#MIN_VALUE} if none is kept. */
    long lastAppliedAt() {
        return tail == head ? Long.MIN_VALUE : appliedAt[(int) ((tail - 1) & mask)];
    }

    /** The window whose next change is due first, or -1 if every window took every change. */
    int nextWindow() {
        int next = -1;
        for (int w = 0; w < cursors.length; w++) {
            if (cursors[w] < tail && (next < 0 || dueAt(w) < dueAt(next))) {
                next = w;
            }
        }
        return next;
    }

    /** When window {@code w}'s next change is due (applied plus the window), in clock millis. */
    long dueAt(int w) {
        return appliedAt[(int) (cursors[w] & mask)] + windowMillis[w];
    }

    /**
     * Takes up to {@code max} changes due in window {@code w} at {@code nowMillis}, oldest first, and drops
     * the changes no window needs any more.
     */
    List<Due> take(int w, long nowMillis, int max) {
        List<Due> due = new ArrayList<>();
        while (due.size() < max && cursors[w] < tail && dueAt(w) <= nowMillis) {
            due.add(read((int) (cursors[w] & mask)));
            cursors[w]++;
        }
        long oldestNeeded = tail;
        for (long cursor : cursors) {
            oldestNeeded = Math.min(oldestNeeded, cursor);
        }
        head = oldestNeeded;
        if (head == tail && node.length > initialCapacity) {
            // A burst (a drain) grew the columns: give the memory back once it has been checked.
            resize(initialCapacity);
        }
        return due;
    }

    private Due read(int slot) {
        NameChangeEvent event = new NameChangeEvent(schemaVersion[slot], new UUID(eventIdHigh[slot], eventIdLow[slot]),
                TYPES[type[slot]], Nconst.unpack(nconst[slot]), version[slot], year(oldBirthYear[slot]),
                year(newBirthYear[slot]), Instant.ofEpochSecond(committedSeconds[slot], committedNanos[slot]));
        return new Due(node[slot], event);
    }

    private static Integer year(int stored) {
        return stored == NO_YEAR ? null : stored;
    }

    /** Moves the kept changes into columns of {@code capacity} (a power of two). */
    private void resize(int capacity) {
        int oldMask = mask;
        mask = capacity - 1;
        node = (int[]) moved(node, oldMask, capacity);
        appliedAt = (long[]) moved(appliedAt, oldMask, capacity);
        schemaVersion = (int[]) moved(schemaVersion, oldMask, capacity);
        eventIdHigh = (long[]) moved(eventIdHigh, oldMask, capacity);
        eventIdLow = (long[]) moved(eventIdLow, oldMask, capacity);
        type = (byte[]) moved(type, oldMask, capacity);
        nconst = (long[]) moved(nconst, oldMask, capacity);
        version = (long[]) moved(version, oldMask, capacity);
        oldBirthYear = (int[]) moved(oldBirthYear, oldMask, capacity);
        newBirthYear = (int[]) moved(newBirthYear, oldMask, capacity);
        committedSeconds = (long[]) moved(committedSeconds, oldMask, capacity);
        committedNanos = (int[]) moved(committedNanos, oldMask, capacity);
    }

    /** A column's kept changes [head, tail) copied into a new column of {@code capacity} (the new mask's). */
    private Object moved(Object column, int oldMask, int capacity) {
        Object grown = Array.newInstance(column.getClass().getComponentType(), capacity);
        for (long i = head; i < tail; ) {
            int from = (int) (i & oldMask);
            int to = (int) (i & mask);
            // A contiguous run: up to the end of either ring.
            int run = (int) Math.min(tail - i, Math.min(oldMask + 1 - from, capacity - to));
            System.arraycopy(column, from, grown, to, run);
            i += run;
        }
        return grown;
    }
}
