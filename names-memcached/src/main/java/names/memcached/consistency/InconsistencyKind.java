package names.memcached.consistency;

/** What kind of entry was found inconsistent; the {@code kind} tag of {@code names.consistency.inconsistencies}. */
public enum InconsistencyKind {
    /** A name's record entry older than the change (or a deleted name's last version). */
    RECORD("record"),
    /** A not-found marker read before the change that created the name. */
    NOT_FOUND("not_found"),
    /** A birth-year generation whose pages were read before the change (the list would serve old rows). */
    PAGE("page");

    private final String tag;

    InconsistencyKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
