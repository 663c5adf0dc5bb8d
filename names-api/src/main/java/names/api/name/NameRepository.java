package names.api.name;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface NameRepository extends Repository<NameEntity, String> {

    Optional<NameEntity> findByNconst(String nconst);

    /** Keyset page over the (birth_year, nconst) index; {@code after} is exclusive ("" for the first page). */
    @Query("select n from NameEntity n where n.birthYear = :birthYear and n.nconst > :after order by n.nconst")
    List<NameEntity> findPage(@Param("birthYear") Integer birthYear, @Param("after") String after, Limit limit);
}
