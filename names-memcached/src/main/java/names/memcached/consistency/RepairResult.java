package names.memcached.consistency;

/** The outcome of deleting an inconsistent entry again; the {@code result} tag of {@code names.consistency.repairs}. */
public enum RepairResult {
    /** memcached acknowledged the delete (DELETED or NOT_FOUND: either way the entry is gone). */
    DELETED("deleted"),
    /** The delete was not acknowledged; the entry may still be served until its TTL or the next change. */
    FAILED("failed");

    private final String tag;

    RepairResult(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
