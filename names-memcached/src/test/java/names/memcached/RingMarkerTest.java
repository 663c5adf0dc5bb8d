package names.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import names.memcached.RingMarker.Agreement;
import org.junit.jupiter.api.Test;

class RingMarkerTest {

    private final KetamaRing ring = new KetamaRing(List.of("m1:11211", "m2:11211"));

    @Test
    void aReaderWithTheInvalidatorsRingAndNodeNameAgrees() {
        String marker = RingMarker.encode("m1:11211", List.of(ring));

        assertThat(RingMarker.check(marker, new KetamaRing(List.of("m2:11211", "m1:11211")), "m1:11211"))
                .isEqualTo(Agreement.AGREES);
    }

    @Test
    void anotherNodeListDisagrees() {
        String marker = RingMarker.encode("m1:11211", List.of(ring));

        assertThat(RingMarker.check(marker, new KetamaRing(List.of("m1:11211", "m3:11211")), "m1:11211"))
                .isEqualTo(Agreement.DISAGREES);
    }

    @Test
    void swappedNodeAddressesDisagree() {
        // the reader reached what the invalidator calls m1 under its own name m2
        String marker = RingMarker.encode("m1:11211", List.of(ring));

        assertThat(RingMarker.check(marker, ring, "m2:11211")).isEqualTo(Agreement.DISAGREES);
    }

    @Test
    void duringAMigrationBothRingsAreListed() {
        KetamaRing next = new KetamaRing(List.of("m1:11211", "m2:11211", "m3:11211"));
        String marker = RingMarker.encode("m1:11211", List.of(ring, next));

        assertThat(RingMarker.decode(marker)).hasSize(2);
        assertThat(RingMarker.check(marker, ring, "m1:11211")).isEqualTo(Agreement.AGREES);
        assertThat(RingMarker.check(marker, next, "m1:11211")).isEqualTo(Agreement.AGREES);
    }

    @Test
    void noMarkerIsUnknownAndGarbageAgreesWithNothing() {
        assertThat(RingMarker.check(null, ring, "m1:11211")).isEqualTo(Agreement.UNKNOWN);
        assertThat(RingMarker.check("hello", ring, "m1:11211")).isEqualTo(Agreement.DISAGREES);
    }
}
