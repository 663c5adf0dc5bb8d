package names.contract.cache;

import java.util.List;

/**
 * One page of names born in a year, ordered by nconst.
 *
 * @param next the cursor for the following page ({@code after=next}), or null on the last page
 */
public record NamePage(List<NameSnapshot> items, String next) {

    public NamePage {
        items = List.copyOf(items);
    }
}
