package names.memcached;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatermarksTest {

    private final KetamaRing ring = new KetamaRing(List.of("a:11211", "b:11211"));

    @Test
    void aNodesWatermarkIsTheOldestOfItsPartitionsAndUnknownWhileOneIsMissing() {
        Map<String, String> values = new HashMap<>();
        Instant base = Instant.parse("2030-01-01T00:00:00.123456Z");
        for (int p = 0; p < 3; p++) {
            values.put(Watermarks.key(ring, p), Watermarks.encode(base.plusSeconds(p)));
        }
        assertThat(Watermarks.nodeWatermark(ring, 3, values)).isEqualTo(base);
        assertThat(Watermarks.nodeWatermark(ring, 4, values)).isNull();
        values.put(Watermarks.key(ring, 1), "garbage");
        assertThat(Watermarks.nodeWatermark(ring, 3, values)).isNull();
    }

    @Test
    void keysNameTheRingSoThatTwoRingsOnOneNodeNeverVouchForEachOther() {
        KetamaRing other = new KetamaRing(List.of("a:11211", "b:11211", "c:11211"));
        assertThat(Watermarks.key(ring, 0)).startsWith(Watermarks.PREFIX).isNotEqualTo(Watermarks.key(other, 0));
        assertThat(Watermarks.key(ring, 0)).doesNotContain(" ");
        assertThat(Watermarks.decode(Watermarks.encode(Instant.parse("2030-01-01T00:00:00.000001Z"))))
                .isEqualTo(Instant.parse("2030-01-01T00:00:00.000001Z"));
    }
}
