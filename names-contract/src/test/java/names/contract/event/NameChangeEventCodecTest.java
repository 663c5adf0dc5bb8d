package names.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

    @Test
    void readsCommittedAtExactlyAsInstantParseDoes() {
        java.util.Random random = new java.util.Random(30);
        for (int i = 0; i < 100_000; i++) {
            String text = randomInstant(random, -62_000_000_000L, 253_000_000_000L).toString();
            assertThat(NameChangeEventCodec.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        // Forms the fast path leaves to java.time: the same instant, or the same refusal.
        for (String odd : List.of("2024-02-29T00:00:00Z", "2026-12-31T23:59:60Z", "2026-11-26T24:00:00Z",
                "2026-11-26T10:00:00.1Z", "2026-11-26t10:00:00z", "+12026-11-26T10:00:00Z", "-0001-01-01T00:00:00Z",
                "2026-02-30T00:00:00Z", "2026-11-26T10:00:00.Z", "2026-11-26T10:0x:00Z",
                "2026-11-26T10:00:00.1234567890Z", "2026-11-26 10:00:00Z", "2026-11-26T10:60:00Z")) {
            Instant expected;
            try {
                expected = Instant.parse(odd);
            } catch (java.time.format.DateTimeParseException e) {
                assertThatThrownBy(() -> NameChangeEventCodec.instant(odd)).as(odd)
                        .isInstanceOf(java.time.format.DateTimeParseException.class);
                continue;
            }
            assertThat(NameChangeEventCodec.instant(odd)).as(odd).isEqualTo(expected);
        }
    }

    @Test
    void writesCommittedAtExactlyAsInstantToStringDoes() {
        java.util.Random random = new java.util.Random(31);
        for (int i = 0; i < 200_000; i++) {
            // Years -1950 to 10 000: both sides of the fast path's 0000-9999.
            Instant instant = randomInstant(random, -124_000_000_000L, 253_450_000_000L);
            assertThat(NameChangeEventCodec.instantText(instant)).isEqualTo(instant.toString());
        }
        for (Instant edge : List.of(Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1), Instant.parse("2024-02-29T12:00:00.100Z"),
                Instant.parse("2026-11-30T23:59:59.000001Z"), Instant.parse("2026-11-30T00:00:00.010Z"), Instant.MIN,
                Instant.MAX)) {
            assertThat(NameChangeEventCodec.instantText(edge)).isEqualTo(edge.toString());
        }
    }

    @Test
    void writesTheSameBytesAsJacksonsGeneratorForAnyEvent() {
        java.util.Random random = new java.util.Random(32);
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        for (int i = 0; i < 100_000; i++) {
            Integer oldYear = random.nextBoolean() ? Integer.valueOf(random.nextInt(-5000, 5000)) : null;
            Integer newYear = random.nextBoolean() ? Integer.valueOf(random.nextInt()) : null;
            NameChangeType type = NameChangeType.values()[random.nextInt(NameChangeType.values().length)];
            long version = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1000);
            Instant committedAt = Instant.ofEpochSecond(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L),
                    random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
            String nconst = "nm" + String.valueOf(random.nextLong(10_000_000_000L) + 10_000_000_000L).substring(1, 8 + random.nextInt(4));
            NameChangeEvent event = new NameChangeEvent(1 + random.nextInt(3), new UUID(random.nextLong(), random.nextLong()),
                    type, nconst, version, oldYear, newYear, committedAt);

            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            try (tools.jackson.core.JsonGenerator generator = json.createGenerator(expected)) {
                generator.writeStartObject();
                generator.writeNumberProperty("schemaVersion", event.schemaVersion());
                generator.writeStringProperty("eventId", event.eventId().toString());
                generator.writeStringProperty("type", event.type().wireName());
                generator.writeStringProperty("nconst", event.nconst());
                generator.writeNumberProperty("version", event.version());
                for (var year : List.of(java.util.Map.entry("oldBirthYear", java.util.Optional.ofNullable(oldYear)),
                        java.util.Map.entry("newBirthYear", java.util.Optional.ofNullable(newYear)))) {
                    if (year.getValue().isEmpty()) {
                        generator.writeNullProperty(year.getKey());
                    } else {
                        generator.writeNumberProperty(year.getKey(), year.getValue().get().intValue());
                    }
                }
                generator.writeStringProperty("committedAt", committedAt.toString());
                generator.writeEndObject();
            }
            assertThat(NameChangeEventCodec.encodeToString(event)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
        }
    }

    /** A second in [from, to), with no fraction or one of 3, 6 or 9 digits (each form of Instant.toString). */
    private static Instant randomInstant(java.util.Random random, long from, long to) {
        int nanos = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            case 3 -> random.nextInt(1_000_000) * 1000 + 1;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(random.nextLong(from, to), nanos);
    }
}
