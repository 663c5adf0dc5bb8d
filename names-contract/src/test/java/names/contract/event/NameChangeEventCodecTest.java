package names.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameChangeEventCodecTest {

    private final NameChangeEvent event = NameChangeEvent.of(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
            NameChangeType.UPDATED, "nm0000001", 7, 1899, 1900, Instant.parse("2026-11-26T10:00:00.123456Z"));

    @Test
    void roundTripsEveryField() {
        assertThat(NameChangeEventCodec.decode(NameChangeEventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void writesTheDocumentedJson() {
        assertThat(NameChangeEventCodec.encodeToString(event)).isEqualTo(
                "{\"schemaVersion\":1,\"eventId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
                        + "\"type\":\"names.name.updated\",\"nconst\":\"nm0000001\",\"version\":7,"
                        + "\"oldBirthYear\":1899,\"newBirthYear\":1900,\"committedAt\":\"2026-11-26T10:00:00.123456Z\"}");
    }

    @Test
    void keepsNullBirthYears() {
        NameChangeEvent created = NameChangeEvent.of(UUID.randomUUID(), NameChangeType.CREATED, "nm0000002", 0,
                null, null, Instant.now());
        assertThat(NameChangeEventCodec.decode(NameChangeEventCodec.encode(created))).isEqualTo(created);
    }

    @Test
    void readsANewerSchemaThatStillCarriesEveryFieldItNeeds() {
        String v2 = "{\"schemaVersion\":2,\"eventId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
                + "\"type\":\"names.name.updated\",\"nconst\":\"nm0000001\",\"version\":7,"
                + "\"oldBirthYear\":1899,\"newBirthYear\":1900,\"committedAt\":\"2026-11-26T10:00:00.123456Z\","
                + "\"primaryNameChanged\":true,\"source\":{\"kind\":\"import\"}}";

        NameChangeEvent decoded = NameChangeEventCodec.decode(v2.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.schemaVersion()).isEqualTo(2);
        assertThat(decoded).usingRecursiveComparison().ignoringFields("schemaVersion").isEqualTo(event);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all|not JSON",
            "[1,2]|not a JSON object",
            "{\"nconst\":\"nm0000001\"}|missing or non-integer schemaVersion",
            "{\"schemaVersion\":0,\"nconst\":\"nm0000001\"}|unknown schemaVersion 0",
            "{\"schemaVersion\":2,\"nconstV2\":\"nm0000001\"}|missing or non-string nconst",
            "{\"schemaVersion\":1,\"nconst\":\"nm 1\"}|invalid nconst",
            "{\"schemaVersion\":1,\"nconst\":\"nm0000001\",\"type\":\"names.name.renamed\"}|unknown type",
            "{\"schemaVersion\":1,\"nconst\":\"nm0000001\",\"type\":\"names.name.updated\",\"version\":\"x\"}|non-integer version",
            "{\"schemaVersion\":1,\"nconst\":\"nm0000001\",\"type\":\"names.name.updated\",\"version\":1,\"eventId\":\"nope\",\"committedAt\":\"2026-01-01T00:00:00Z\"}|invalid field",
    })
    void rejectsPoisonWithAReason(String payload, String reason) {
        assertThatThrownBy(() -> NameChangeEventCodec.decode(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedChangeEventException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> NameChangeEventCodec.decode(new byte[0]))
                .isInstanceOf(MalformedChangeEventException.class).hasMessage("empty payload");
    }
}
