package names.writer.name;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import names.contract.Nconst;
import names.contract.cache.NameSnapshot;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes names. Each write commits in one transaction with the change event the database triggers append
 * for it (a single statement, or a locked read and its write), so an acknowledged write always has its
 * event, and a refused one (validation, precondition) has neither row change nor event.
 */
@Service
public class NameService {

    private static final String UNIQUE_VIOLATION = "23505";

    private final NameStore store;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    public NameService(NameStore store, TransactionTemplate transactions, JsonMapper json,
            ApplicationEventPublisher events) {
        this.store = store;
        this.transactions = transactions;
        this.json = json;
        this.events = events;
    }

    /** @throws NameAlreadyExistsException if the nconst is taken */
    public NameSnapshot create(NameWrite body) {
        NameWrite name = validated(body);
        try {
            return insert(name);
        } catch (DataIntegrityViolationException e) {
            if (isUniqueViolation(e)) {
                throw new NameAlreadyExistsException(name.nconst());
            }
            throw e;
        }
    }

    /** Creates or replaces; {@code ifMatch} (may be null) must match the current version. */
    public WriteResult put(String nconst, NameWrite body, String ifMatch) {
        NameWrite name = validated(resolveNconst(nconst, body));
        Optional<NameSnapshot> current = store.find(name.nconst());
        requirePrecondition(ifMatch, current);
        if (current.isPresent()) {
            Optional<NameSnapshot> replaced = replaceIfUnchanged(current.get(), name);
            if (replaced.isPresent()) {
                return new WriteResult(replaced.get(), false);
            }
        } else {
            try {
                return new WriteResult(insert(name), true);
            } catch (DataIntegrityViolationException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                // Created concurrently since our read: replace it, under its lock.
            }
        }
        try {
            return putLocked(name, ifMatch);
        } catch (DataIntegrityViolationException e) {
            // Created again between our locking read (empty, so nothing to lock: the row was deleted since
            // our first insert failed) and our insert. The second attempt finds the row and locks it.
            if (isUniqueViolation(e)) {
                return putLocked(name, ifMatch);
            }
            throw e;
        }
    }

    /** Applies an RFC 7396 merge patch to the stored name. */
    public NameSnapshot patch(String nconst, JsonNode patch, String ifMatch) {
        requireValidPath(nconst);
        if (!(patch instanceof ObjectNode)) {
            throw new InvalidNameException(List.of(new FieldViolation("", "a merge patch must be a JSON object")));
        }
        NameSnapshot read = existing(nconst, store.find(nconst), ifMatch);
        return replaceIfUnchanged(read, merged(read, patch)).orElseGet(() -> transactions.execute(status -> {
            NameSnapshot current = existing(nconst, store.lockForUpdate(nconst), ifMatch);
            return replace(current, merged(current, patch));
        }));
    }

    public void delete(String nconst, String ifMatch) {
        requireValidPath(nconst);
        NameSnapshot read = existing(nconst, store.find(nconst), ifMatch);
        if (store.deleteIfVersion(nconst, read.version())) {
            committed();
            return;
        }
        transactions.executeWithoutResult(status -> {
            NameSnapshot current = existing(nconst, store.lockForUpdate(nconst), ifMatch);
            if (!store.deleteIfVersion(nconst, current.version())) {
                throw new IllegalStateException("locked row " + nconst + " changed");
            }
            committed();
        });
    }

    /*
     * Every write reads the row, decides, then writes only if the row still has the version it read: two
     * round trips, each its own transaction (the conditional statement commits with its triggers' change
     * row). A transaction that locks the row first needs three (locking read, write, COMMIT) and a WAL record
     * for the lock, on the path whose CPU sets the invalidation lag's tail (docs/BENCHMARKS.md). A write that
     * lost the race (the row changed in between) is decided again under the row lock, the old way, so a hot
     * row's writers queue on the lock instead of retrying each other out.
     */

    private WriteResult putLocked(NameWrite name, String ifMatch) {
        return transactions.execute(status -> {
            Optional<NameSnapshot> current = store.lockForUpdate(name.nconst());
            requirePrecondition(ifMatch, current);
            if (current.isEmpty()) {
                return new WriteResult(insert(name), true);
            }
            return new WriteResult(replace(current.get(), name), false);
        });
    }

    private NameWrite merged(NameSnapshot current, JsonNode patch) {
        JsonNode merged = MergePatch.apply(json.valueToTree(NameWrite.of(current)), patch);
        return validated(resolveNconst(current.nconst(), readName(merged)));
    }

    private NameSnapshot insert(NameWrite name) {
        NameSnapshot stored = store.insert(name);
        committed();
        return stored;
    }

    /**
     * {@code name} stored over {@code current} if the row still has current's version; empty if it changed
     * since. A replacement equal to the stored name is not sent at all: it is no change, so it gets no new
     * version and no event (the triggers would agree, but the statement would still cost a round trip).
     */
    private Optional<NameSnapshot> replaceIfUnchanged(NameSnapshot current, NameWrite name) {
        if (sameFields(current, name)) {
            return Optional.of(current);
        }
        Optional<NameSnapshot> stored = store.updateIfVersion(current.nconst(), current.version(), name);
        stored.ifPresent(written -> committed());
        return stored;
    }

    /** {@link #replaceIfUnchanged} of a row this transaction has locked: its version cannot have changed. */
    private NameSnapshot replace(NameSnapshot current, NameWrite name) {
        return replaceIfUnchanged(current, name)
                .orElseThrow(() -> new IllegalStateException("locked row " + current.nconst() + " changed"));
    }

    private static boolean sameFields(NameSnapshot current, NameWrite name) {
        return current.primaryName().equals(name.primaryName())
                && Objects.equals(current.birthYear(), name.birthYear())
                && Objects.equals(current.deathYear(), name.deathYear())
                && current.primaryProfessions().equals(name.primaryProfessions())
                && current.knownForTitles().equals(name.knownForTitles());
    }

    /**
     * Wakes the relay without a NOTIFY: after the commit inside a transaction (a rollback drops it), at once
     * outside one, where the statement that wrote has committed already.
     */
    private void committed() {
        events.publishEvent(NameChangeCommitted.INSTANCE);
    }

    private static NameSnapshot existing(String nconst, Optional<NameSnapshot> current, String ifMatch) {
        if (current.isEmpty()) {
            throw new NameNotFoundException(nconst);
        }
        requirePrecondition(ifMatch, current);
        return current.get();
    }

    private static void requirePrecondition(String ifMatch, Optional<NameSnapshot> current) {
        Optional<Long> version = current.map(NameSnapshot::version);
        if (!EntityTags.ifMatchAllows(ifMatch, version)) {
            throw new PreconditionFailedException(version.orElse(null));
        }
    }

    private NameWrite readName(JsonNode document) {
        try {
            return json.treeToValue(document, NameWrite.class);
        } catch (DatabindException e) {
            throw new InvalidNameException(List.of(FieldViolation.of(e, e.getOriginalMessage())));
        }
    }

    private static NameWrite resolveNconst(String pathNconst, NameWrite body) {
        requireValidPath(pathNconst);
        if (body.nconst() != null && !body.nconst().equals(pathNconst)) {
            throw new InvalidNameException(List.of(new FieldViolation("nconst", "must equal the nconst in the path")));
        }
        return body.withNconst(pathNconst);
    }

    private static void requireValidPath(String nconst) {
        if (!Nconst.isValid(nconst)) {
            throw new InvalidNameException(List.of(new FieldViolation("nconst", Nconst.RULE)));
        }
    }

    private static NameWrite validated(NameWrite body) {
        NameWrite name = NameRules.normalize(body);
        List<FieldViolation> violations = NameRules.violations(name);
        if (!violations.isEmpty()) {
            throw new InvalidNameException(violations);
        }
        return name;
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A PUT's outcome: the stored name, and whether the PUT created it. */
    public record WriteResult(NameSnapshot name, boolean created) {
    }
}
