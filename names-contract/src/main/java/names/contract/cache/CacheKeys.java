package names.contract.cache;

import java.util.ArrayList;
import java.util.List;

import names.contract.Nconst;
import names.contract.event.NameChangeEvent;

/**
 * The memcached key scheme. The API fills these keys and the invalidator deletes them, so both must
 * compute them here and nowhere else.
 *
 * <ul>
 *   <li>{@code names:v1:name:<nconst>} holds one name, a not-found marker, or a reader's lease.</li>
 *   <li>{@code names:v1:by-year-gen:<year>} holds the current generation of the birth-year lists.
 *       memcached cannot delete by prefix, so pages are keyed by generation and the invalidator
 *       deletes the generation instead: the old pages become unreachable and expire.</li>
 *   <li>{@code names:v1:by-year:<year>:<generation>:<after>:<limit>} holds one list page.</li>
 * </ul>
 *
 * The {@code v1} segment changes whenever an entry's format does, so a deploy never reads old entries.
 */
public final class CacheKeys {

    private static final String PREFIX = "names:v1:";
    private static final String FIRST_PAGE = "-";

    private CacheKeys() {
    }

    public static String name(String nconst) {
        return PREFIX + "name:" + Nconst.requireValid(nconst);
    }

    public static String birthYearGeneration(int birthYear) {
        return PREFIX + "by-year-gen:" + birthYear;
    }

    /**
     * @param generation the value read from {@link #birthYearGeneration(int)} before the database query
     * @param after the cursor (exclusive), or null for the first page
     */
    public static String birthYearPage(int birthYear, String generation, String after, int limit) {
        if (generation == null || generation.isEmpty() || generation.length() > 40
                || !generation.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("generation must be 1-40 printable characters");
        }
        String cursor = after == null ? FIRST_PAGE : Nconst.requireValid(after);
        return PREFIX + "by-year:" + birthYear + ":" + generation + ":" + cursor + ":" + limit;
    }

    /**
     * Every key a change can make stale: the record key (which also clears a not-found marker and any
     * reader's lease) and the list generations of both the old and the new birth year.
     */
    public static List<String> affectedBy(NameChangeEvent event) {
        List<String> keys = new ArrayList<>(3);
        keys.add(name(event.nconst()));
        if (event.oldBirthYear() != null) {
            keys.add(birthYearGeneration(event.oldBirthYear()));
        }
        if (event.newBirthYear() != null && !event.newBirthYear().equals(event.oldBirthYear())) {
            keys.add(birthYearGeneration(event.newBirthYear()));
        }
        return List.copyOf(keys);
    }
}
