package names.contract.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import names.contract.event.NameChangeEvent;
import names.contract.event.NameChangeType;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    @Test
    void namesTheRecordKeyAfterTheNconst() {
        assertThat(CacheKeys.name("nm0000001")).isEqualTo("names:v1:name:nm0000001");
    }

    @Test
    void refusesToBuildAKeyFromAnInvalidNconst() {
        assertThatThrownBy(() -> CacheKeys.name("nm1 2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pageKeysIncludeTheGenerationSoABumpOrphansOldPages() {
        String before = CacheKeys.birthYearPage(1950, "g1", null, 20);
        String after = CacheKeys.birthYearPage(1950, "g2", null, 20);
        assertThat(before).isEqualTo("names:v1:by-year:1950:g1:-:20").isNotEqualTo(after);
        assertThat(CacheKeys.birthYearPage(1950, "g1", "nm0000009", 5))
                .isEqualTo("names:v1:by-year:1950:g1:nm0000009:5");
    }

    @Test
    void aBirthYearChangeAffectsTheRecordAndBothYears() {
        NameChangeEvent moved = event(NameChangeType.UPDATED, 1950, 1951);
        assertThat(CacheKeys.affectedBy(moved)).containsExactly("names:v1:name:nm0000001",
                "names:v1:by-year-gen:1950", "names:v1:by-year-gen:1951");
    }

    @Test
    void anUnchangedYearIsListedOnce() {
        assertThat(CacheKeys.affectedBy(event(NameChangeType.UPDATED, 1950, 1950)))
                .containsExactly("names:v1:name:nm0000001", "names:v1:by-year-gen:1950");
    }

    @Test
    void aCreateWithoutBirthYearAffectsOnlyTheRecordKeyWhichHoldsTheNotFoundMarker() {
        assertThat(CacheKeys.affectedBy(event(NameChangeType.CREATED, null, null)))
                .containsExactly("names:v1:name:nm0000001");
    }

    private static NameChangeEvent event(NameChangeType type, Integer oldYear, Integer newYear) {
        return NameChangeEvent.of(UUID.randomUUID(), type, "nm0000001", 1, oldYear, newYear, Instant.now());
    }
}
