package names.writer.name;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NameRulesTest {

    private static NameWrite name(String primaryName, Integer birth, Integer death, List<String> professions,
            List<String> titles) {
        return NameRules.normalize(new NameWrite("nm0000001", primaryName, birth, death, professions, titles));
    }

    @Test
    void aTypicalImdbNameIsValidAndStoredTrimmedWithEmptyListsForAbsentOnes() {
        NameWrite normalized = name("  Fred Astaire ", 1899, 1987, null, null);

        assertThat(NameRules.violations(normalized)).isEmpty();
        assertThat(normalized.primaryName()).isEqualTo("Fred Astaire");
        assertThat(normalized.primaryProfessions()).isEmpty();
        assertThat(normalized.knownForTitles()).isEmpty();
    }

    @Test
    void theBoundariesAreInclusive() {
        assertThat(NameRules.violations(name("x".repeat(500), NameRules.MIN_YEAR, NameRules.MAX_YEAR,
                List.of("a", "b", "c", "d", "e"), List.of("tt0000001", "tt1234567890")))).isEmpty();
    }

    @Test
    void eachBrokenRuleIsReportedWithItsField() {
        List<FieldViolation> violations = NameRules.violations(
                name("x".repeat(501), 999, 2101, List.of("a_b", "B"), List.of("tt123456")));

        assertThat(violations).extracting(FieldViolation::field).containsExactly(
                "primaryName", "birthYear", "deathYear", "primaryProfessions[1]", "knownForTitles[0]");
    }

    @Test
    void aDeathBeforeTheBirthIsRefusedOnDeathYear() {
        assertThat(NameRules.violations(name("A", 1950, 1949, null, null)))
                .extracting(FieldViolation::field).containsExactly("deathYear");
    }

    @Test
    void nullListElementsAreRefusedNotStored() {
        assertThat(NameRules.violations(name("A", null, null, java.util.Arrays.asList("actor", null), null)))
                .extracting(FieldViolation::field).containsExactly("primaryProfessions[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"actor", "a", "costume_designer", "_", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void aProfessionIsOneToFortyLowerCaseLettersOrUnderscores(String profession) {
        assertThat(NameRules.isProfession(profession)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Actor", "a-b", "a b", "\u00e4", "actor1", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anyOtherProfessionIsRefused(String profession) {
        assertThat(NameRules.isProfession(profession)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tt0000001", "tt1234567890"})
    void aTitleIsTtAndSevenToTenDigits(String title) {
        assertThat(NameRules.isTitle(title)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tt123456", "tt12345678901", "TT0000001", "nm0000001", "tt000000a", "tt0000001 ",
            "tt\uff10\uff10\uff10\uff10\uff10\uff10\uff11", "tt"})
    void anyOtherTitleIsRefused(String title) {
        assertThat(NameRules.isTitle(title)).isFalse();
    }
}
