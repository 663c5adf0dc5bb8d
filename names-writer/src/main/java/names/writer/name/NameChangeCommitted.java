package names.writer.name;

/**
 * Published by every write; a listener with {@code TransactionPhase.AFTER_COMMIT} (and {@code
 * fallbackExecution}, for writes that are a single statement outside a Spring transaction) hears it once the
 * change (and its change-log row) is committed and visible. The relay wakes on it instead of
 * on PostgreSQL's NOTIFY, which the writer's own sessions do not send (schema V5).
 */
public record NameChangeCommitted() {

    static final NameChangeCommitted INSTANCE = new NameChangeCommitted();
}
