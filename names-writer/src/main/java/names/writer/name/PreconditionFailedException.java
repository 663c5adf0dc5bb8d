package names.writer.name;

/** If-Match named a version the row does not have (any more), or a row that does not exist. */
public class PreconditionFailedException extends RuntimeException {

    private final Long currentVersion;

    public PreconditionFailedException(Long currentVersion) {
        super(currentVersion == null ? "the name does not exist" : "the name is at version " + currentVersion);
        this.currentVersion = currentVersion;
    }

    /** The version the row has now, or null when it does not exist. */
    public Long currentVersion() {
        return currentVersion;
    }
}
