package names.writer.name;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface NameRepository extends JpaRepository<NameEntity, String> {

    /** SELECT ... FOR UPDATE: the If-Match comparison and the write must see the same row version. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select n from NameEntity n where n.nconst = :nconst")
    Optional<NameEntity> findForUpdate(String nconst);
}
