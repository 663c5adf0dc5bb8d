package names.contract.cache;

import java.util.List;

/**
 * One page of names born in a year, ordered by nconst.
 *
 * @param next the cursor for the following page ({@code after=next}), or null on the last page
 */
public record NamePage(List<NameSnapshot> items, String next) {

    /**
     * The page size a request without {@code limit} gets: the api's default, and the first page the
     * invalidator's consistency observer reads to judge a birth-year generation.
     */
    public static final int DEFAULT_LIMIT = 20;

    public NamePage {
        items = List.copyOf(items);
    }
}
