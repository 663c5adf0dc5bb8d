package names.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The consumers classify records by the raw {@code ce_type} bytes: exactly as decoding them and comparing would. */
class HeartbeatTypeTest {

    @Test
    void rawHeaderBytesAreAHeartbeatExactlyWhenTheirDecodedTextIs() {
        byte[] type = Heartbeat.TYPE.getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = new ArrayList<>(List.of(type, new byte[0], "names.heartbeat ".getBytes(StandardCharsets.UTF_8),
                "NAMES.HEARTBEAT".getBytes(StandardCharsets.UTF_8), "\uFEFFnames.heartbeat".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(type, type.length + 1), Arrays.copyOf(type, type.length - 1),
                NameChangeType.UPDATED.wireName().getBytes(StandardCharsets.UTF_8)));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] value = type.clone();
            // Invalid UTF-8 (lone continuation or lead bytes) and near misses at one position.
            value[random.nextInt(value.length)] = (byte) random.nextInt(256);
            values.add(value);
        }
        for (byte[] value : values) {
            assertThat(Heartbeat.isHeartbeatType(value)).as(Arrays.toString(value))
                    .isEqualTo(Heartbeat.isHeartbeatType(new String(value, StandardCharsets.UTF_8)));
        }
        assertThat(Heartbeat.isHeartbeatType(type)).isTrue();
        assertThat(Heartbeat.isHeartbeatType((byte[]) null)).isFalse();
    }
}
