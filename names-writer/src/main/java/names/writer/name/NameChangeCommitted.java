package names.writer.name;

/**
 * Published inside every write's transaction; a listener with {@code TransactionPhase.AFTER_COMMIT} hears
 * it once the change (and its change-log row) is committed and visible. The relay wakes on it instead of
 * on PostgreSQL's NOTIFY, which the writer's own sessions do not send (schema V5).
 */
public record NameChangeCommitted() {

    static final NameChangeCommitted INSTANCE = new NameChangeCommitted();
}
