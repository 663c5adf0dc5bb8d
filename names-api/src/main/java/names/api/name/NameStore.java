package names.api.name;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import names.contract.cache.NamePage;
import names.contract.cache.NameSnapshot;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * PostgreSQL reads, each in its own read-only transaction. A failure propagates (and becomes a 503):
 * nothing is cached from it, the reader's lease simply expires.
 *
 * <p>Every read also returns its transaction's start time, {@code now()}: in READ COMMITTED each statement's
 * snapshot is taken after it, so the read saw every commit before it. Cached with the value, it is what the
 * staleness bound trusts an entry for.
 */
@Component
class NameStore {

    private final NameRepository repository;
    private final EntityManager entityManager;

    NameStore(NameRepository repository, EntityManager entityManager) {
        this.repository = repository;
        this.entityManager = entityManager;
    }

    /** A database read and the time it saw the database at. */
    record Timed<T>(T value, Instant readAt) {
    }

    @Transactional(readOnly = true)
    public Timed<Optional<NameSnapshot>> find(String nconst) {
        Instant readAt = transactionStart();
        return new Timed<>(repository.findByNconst(nconst).map(NameEntity::toSnapshot), readAt);
    }

    /** @param after exclusive cursor, or null for the first page */
    @Transactional(readOnly = true)
    public Timed<NamePage> page(int birthYear, String after, int limit) {
        Instant readAt = transactionStart();
        List<NameSnapshot> items = repository.findPage(birthYear, after == null ? "" : after, Limit.of(limit))
                .stream().map(NameEntity::toSnapshot).toList();
        String next = items.size() == limit ? items.getLast().nconst() : null;
        return new Timed<>(new NamePage(items, next), readAt);
    }

    /** {@code now()} in microseconds (PostgreSQL's precision), as a number so no driver time mapping is involved. */
    private Instant transactionStart() {
        Number micros = (Number) entityManager
                .createNativeQuery("SELECT CAST(EXTRACT(EPOCH FROM now()) * 1000000 AS bigint)")
                .getSingleResult();
        return Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS);
    }
}
