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
 * Writes names. Each write is one transaction in which the database triggers also append the change
 * event, so an acknowledged write always has its event, and a refused one (validation, precondition)
 * has neither row change nor event.
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
            return transactions.execute(status -> insert(name));
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
        try {
            return putOnce(name, ifMatch);
        } catch (DataIntegrityViolationException e) {
            // A concurrent PUT created the row between our (empty) locking read and our insert. The
            // second attempt finds the row and locks it, so it becomes an ordinary replacement.
            if (isUniqueViolation(e)) {
                return putOnce(name, ifMatch);
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
        return transactions.execute(status -> {
            NameSnapshot current = lockExisting(nconst, ifMatch);
            JsonNode merged = MergePatch.apply(json.valueToTree(NameWrite.of(current)), patch);
            NameWrite name = validated(resolveNconst(nconst, readName(merged)));
            return replace(current, name);
        });
    }

    public void delete(String nconst, String ifMatch) {
        requireValidPath(nconst);
        transactions.executeWithoutResult(status -> {
            store.delete(lockExisting(nconst, ifMatch).nconst());
            committed();
        });
    }

    private WriteResult putOnce(NameWrite name, String ifMatch) {
        return transactions.execute(status -> {
            Optional<NameSnapshot> current = store.lockForUpdate(name.nconst());
            requirePrecondition(ifMatch, current);
            if (current.isEmpty()) {
                return new WriteResult(insert(name), true);
            }
            return new WriteResult(replace(current.get(), name), false);
        });
    }

    private NameSnapshot insert(NameWrite name) {
        NameSnapshot stored = store.insert(name);
        committed();
        return stored;
    }

    /**
     * A replacement equal to the stored name is not sent at all: it is no change, so it gets no new version
     * and no event (the triggers would agree, but the statement would still cost a round trip).
     */
    private NameSnapshot replace(NameSnapshot current, NameWrite name) {
        if (sameFields(current, name)) {
            return current;
        }
        NameSnapshot stored = store.update(current.nconst(), name);
        committed();
        return stored;
    }

    private static boolean sameFields(NameSnapshot current, NameWrite name) {
        return current.primaryName().equals(name.primaryName())
                && Objects.equals(current.birthYear(), name.birthYear())
                && Objects.equals(current.deathYear(), name.deathYear())
                && current.primaryProfessions().equals(name.primaryProfessions())
                && current.knownForTitles().equals(name.knownForTitles());
    }

    /** Delivered after the commit (a rollback drops it): the relay is woken without a NOTIFY. */
    private void committed() {
        events.publishEvent(NameChangeCommitted.INSTANCE);
    }

    private NameSnapshot lockExisting(String nconst, String ifMatch) {
        Optional<NameSnapshot> current = store.lockForUpdate(nconst);
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
