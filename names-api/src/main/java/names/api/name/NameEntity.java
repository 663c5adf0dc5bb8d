package names.api.name;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import names.contract.cache.NameSnapshot;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code names}, read only: the writer owns changes and the trigger owns {@code version}. */
@Entity
@Immutable
@Table(name = "names")
class NameEntity {

    @Id
    private String nconst;

    @Column(name = "primary_name")
    private String primaryName;

    @Column(name = "birth_year")
    private Integer birthYear;

    @Column(name = "death_year")
    private Integer deathYear;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "primary_professions")
    private List<String> primaryProfessions;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "known_for_titles")
    private List<String> knownForTitles;

    private long version;

    protected NameEntity() {
    }

    NameSnapshot toSnapshot() {
        return new NameSnapshot(nconst, primaryName, birthYear, deathYear, primaryProfessions, knownForTitles,
                version);
    }
}
