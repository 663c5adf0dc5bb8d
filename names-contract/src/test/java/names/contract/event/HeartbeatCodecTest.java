package names.contract.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatCodecTest {

    @Test
    void roundTripsAndIsRecognisableByItsType() {
        Heartbeat heartbeat = Heartbeat.of(4, Instant.parse("2030-01-01T00:00:00.123456Z"), Instant.now());

        byte[] payload = HeartbeatCodec.encode(heartbeat);

        assertThat(HeartbeatCodec.decode(payload)).isEqualTo(heartbeat);
        assertThat(HeartbeatCodec.isHeartbeat(payload)).isTrue();
        assertThat(new String(payload, StandardCharsets.UTF_8)).contains("\"type\":\"names.heartbeat\"")
                .contains("\"schemaVersion\":1");
        assertThat(Heartbeat.isHeartbeatType(Heartbeat.TYPE)).isTrue();
    }

    @Test
    void aChangeEventIsNotAHeartbeatAndAHeartbeatIsNotAChangeEvent() {
        byte[] heartbeat = HeartbeatCodec.encode(Heartbeat.of(0, Instant.now(), Instant.now()));
        byte[] change = NameChangeEventCodec.encode(NameChangeEvent.of(java.util.UUID.randomUUID(),
                NameChangeType.UPDATED, "nm0000001", 2, null, null, Instant.now()));

        assertThat(HeartbeatCodec.isHeartbeat(change)).isFalse();
        assertThat(HeartbeatCodec.isHeartbeat("not json".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThatThrownBy(() -> NameChangeEventCodec.decode(heartbeat)).isInstanceOf(MalformedChangeEventException.class);
        assertThatThrownBy(() -> HeartbeatCodec.decode(change)).isInstanceOf(MalformedChangeEventException.class);
    }
}
