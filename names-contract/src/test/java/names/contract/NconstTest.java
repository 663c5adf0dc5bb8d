package names.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NconstTest {

    @ParameterizedTest
    @ValueSource(strings = {"nm0000001", "nm1234567", "nm1234567890"})
    void acceptsNmFollowedBySevenToTenDigits(String nconst) {
        assertThat(Nconst.isValid(nconst)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nm123456", "nm12345678901", "NM0000001", "tt0000001", "nm000000a",
            "nm0000001 ", "nm00 00001", "nm0000001\r\n", "nm０００００００1"})
    void rejectsAnythingElseIncludingWhitespaceAndControlCharacters(String nconst) {
        assertThat(Nconst.isValid(nconst)).isFalse();
        assertThatThrownBy(() -> Nconst.requireValid(nconst)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Nconst.RULE);
    }

    @org.junit.jupiter.api.Test
    void rejectsNull() {
        assertThat(Nconst.isValid(null)).isFalse();
    }
}
