package names.writer.name;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import names.contract.cache.NameSnapshot;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

@Entity
@Table(name = "names")
public class NameEntity implements Persistable<String> {

    @Id
    @Column(name = "nconst")
    private String nconst;

    @Column(name = "primary_name", nullable = false)
    private String primaryName;

    @Column(name = "birth_year")
    private Integer birthYear;

    @Column(name = "death_year")
    private Integer deathYear;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "primary_professions", nullable = false)
    private List<String> primaryProfessions = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "known_for_titles", nullable = false)
    private List<String> knownForTitles = new ArrayList<>();

    /**
     * Assigned by the database trigger on insert and on every real update; Hibernate reads it back
     * after each write, so the response and the change event carry the same version.
     */
    @Generated(event = {EventType.INSERT, EventType.UPDATE})
    @Column(name = "version", insertable = false, updatable = false)
    private long version;

    /** The nconst is assigned, not generated: without this flag Spring Data would merge (select first). */
    @Transient
    private boolean isNew;

    protected NameEntity() {
    }

    static NameEntity create(NameWrite name) {
        NameEntity entity = new NameEntity();
        entity.nconst = name.nconst();
        entity.isNew = true;
        entity.replaceWith(name);
        return entity;
    }

    /** Copies every field (a full replacement); an identical replacement leaves the row untouched. */
    void replaceWith(NameWrite name) {
        primaryName = name.primaryName();
        birthYear = name.birthYear();
        deathYear = name.deathYear();
        primaryProfessions = new ArrayList<>(name.primaryProfessions());
        knownForTitles = new ArrayList<>(name.knownForTitles());
    }

    NameWrite toWrite() {
        return new NameWrite(nconst, primaryName, birthYear, deathYear, List.copyOf(primaryProfessions),
                List.copyOf(knownForTitles));
    }

    NameSnapshot toSnapshot() {
        return new NameSnapshot(nconst, primaryName, birthYear, deathYear, primaryProfessions, knownForTitles,
                version);
    }

    long version() {
        return version;
    }

    @Override
    public String getId() {
        return nconst;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        isNew = false;
    }
}
