package names.writer.name;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTagsTest {

    @Test
    void noIfMatchMeansLastWriterWins() {
        assertThat(EntityTags.ifMatchAllows(null, Optional.of(7L))).isTrue();
        assertThat(EntityTags.ifMatchAllows(null, Optional.empty())).isTrue();
    }

    @Test
    void onlyTheCurrentStrongTagOrAStarOnAnExistingRowMatches() {
        assertThat(EntityTags.ifMatchAllows("\"7\"", Optional.of(7L))).isTrue();
        assertThat(EntityTags.ifMatchAllows("\"6\", \"7\"", Optional.of(7L))).isTrue();
        assertThat(EntityTags.ifMatchAllows("*", Optional.of(7L))).isTrue();
        assertThat(EntityTags.ifMatchAllows("\"6\"", Optional.of(7L))).isFalse();
        assertThat(EntityTags.ifMatchAllows("W/\"7\"", Optional.of(7L))).isFalse();
        assertThat(EntityTags.ifMatchAllows("7", Optional.of(7L))).isFalse();
        assertThat(EntityTags.ifMatchAllows("*", Optional.empty())).isFalse();
    }
}
