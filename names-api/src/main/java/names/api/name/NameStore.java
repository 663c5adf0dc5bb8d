package names.api.name;

import java.util.List;
import java.util.Optional;

import names.contract.cache.NamePage;
import names.contract.cache.NameSnapshot;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * PostgreSQL reads, each in its own read-only transaction. A failure propagates (and becomes a 503):
 * nothing is cached from it, the reader's lease simply expires.
 */
@Component
class NameStore {

    private final NameRepository repository;

    NameStore(NameRepository repository) {
        this.repository = repository;
    }

    @Transactional(readOnly = true)
    public Optional<NameSnapshot> find(String nconst) {
        return repository.findByNconst(nconst).map(NameEntity::toSnapshot);
    }

    /** @param after exclusive cursor, or null for the first page */
    @Transactional(readOnly = true)
    public NamePage page(int birthYear, String after, int limit) {
        List<NameSnapshot> items = repository.findPage(birthYear, after == null ? "" : after, Limit.of(limit))
                .stream().map(NameEntity::toSnapshot).toList();
        String next = items.size() == limit ? items.getLast().nconst() : null;
        return new NamePage(items, next);
    }
}
