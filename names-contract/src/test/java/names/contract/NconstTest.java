package names.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
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

    @Test
    void rejectsNull() {
        assertThat(Nconst.isValid(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nm0000000", "nm0000001", "nm1234567", "nm00012345", "nm9999999999", "nm0000000000",
            "nm000000001"})
    void packsIntoOneLongAndBackWithItsLeadingZeros(String nconst) {
        assertThat(Nconst.unpack(Nconst.pack(nconst))).isEqualTo(nconst);
    }

    @Test
    void packedNconstsOfDifferentLengthsAreDifferent() {
        assertThat(Nconst.pack("nm0000001")).isNotEqualTo(Nconst.pack("nm00000001"));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            int digits = 7 + random.nextInt(4);
            String nconst = "nm" + String.format("%0" + digits + "d", random.nextLong((long) Math.pow(10, digits)));
            assertThat(Nconst.unpack(Nconst.pack(nconst))).isEqualTo(nconst);
        }
    }

    @Test
    void packRefusesWhatIsNotAnNconstAndUnpackWhatPackNeverGives() {
        assertThatThrownBy(() -> Nconst.pack("nm123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Nconst.unpack(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Nconst.unpack(100_000_000L * 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
