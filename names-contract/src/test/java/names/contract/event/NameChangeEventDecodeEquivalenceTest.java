package names.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * {@link NameChangeEventCodec#decode} reads with a streaming parser and leaves whatever it is not sure of to
 * the tree decoder it replaced ({@link NameChangeEventCodec#decodeTree}, the reference): over many generated
 * documents, valid and odd, both must accept the same payloads with the same event, and refuse the same
 * ones with the same exception and reason (the reason is what a dead-letter record carries).
 */
class NameChangeEventDecodeEquivalenceTest {

    private static final String[] FIELDS = {"schemaVersion", "eventId", "type", "nconst", "version", "oldBirthYear",
            "newBirthYear", "committedAt"};

    /** Values a field may get instead of its own: other JSON types, edge numbers, odd strings. */
    private static final String[] ODD_VALUES = {"null", "true", "false", "0", "-1", "1", "2", "1.0", "1e0", "7.5",
            "-0", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "123456789012345678901234567890", "1e999999", "\"\"", "\"1\"", "\"nm0000001\"", "\"nm 1\"", "\"NM0000001\"",
            "\"nm00000001234\"", "\"names.name.updated\"", "\"names.name.renamed\"", "\"names.heartbeat\"",
            "\"0f8fad5b-d9cb-469f-a165-70867728950e\"", "\"1-1-1-1-1\"", "\"2026-11-26T10:00:00Z\"",
            "\"2026-11-26T10:00:00.1Z\"", "\"2026-02-30T00:00:00Z\"", "\"2026-11-26 10:00:00Z\"",
            "\"\\u006e\\u006d0000001\"", "[]", "[1,2]", "{}", "{\"a\":{\"b\":[null]}}", "\"\\ud800\""};

    @Test
    void acceptsAndRefusesExactlyWhatTheTreeDecoderDoes() {
        Random random = new Random(14);
        int accepted = 0;
        int refused = 0;
        int streamed = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] payload = document(random, i);
            Outcome expected = outcome(() -> NameChangeEventCodec.decodeTree(payload));
            Outcome actual = outcome(() -> NameChangeEventCodec.decode(payload));
            assertThat(actual).as(new String(payload, StandardCharsets.UTF_8)).isEqualTo(expected);
            if (expected.event() != null) {
                accepted++;
                boolean byStreaming = NameChangeEventCodec.decodeStreaming(payload) != null;
                streamed += byStreaming ? 1 : 0;
                // The writer's own documents (unmutated, in any field order) never need the tree.
                if (i % 4 == 0) {
                    assertThat(byStreaming).as(new String(payload, StandardCharsets.UTF_8)).isTrue();
                }
            } else {
                refused++;
            }
        }
        System.out.printf("decode equivalence: %d accepted (%d of them by the streaming path), %d refused%n",
                accepted, streamed, refused);
        // The generator must exercise both sides, and both paths among the accepted documents.
        assertThat(accepted).isGreaterThan(20_000);
        assertThat(refused).isGreaterThan(20_000);
        assertThat(accepted - streamed).isGreaterThan(1_000);
    }

    @Test
    void oddDocumentsAsTheTreeDecoderReadsThem() {
        String valid = new String(NameChangeEventCodec.encode(event(new Random(1))), StandardCharsets.UTF_8);
        List<String> odd = List.of("", " ", "\n", "null", "1", "\"x\"", "[]", "{}", "{} ", "{}{}", "{} x", "{},",
                valid + " ", valid + "\n", valid + "{}", valid + "]", valid + " x", valid + "null", " " + valid,
                "\uFEFF" + valid, valid.replace(":", " : "), valid.replace(",", " ,\n "), valid.replace("{", "{\"x\":1,"),
                valid.replace("}", ",\"x\":{\"y\":[1,{\"z\":null}]}}"), valid.replace("}", ",\"nconst\":\"nm0000002\"}"),
                valid.replace("}", ",\"schemaVersion\":1}"), valid.replace("}", ",\"version\":1.5}"),
                valid.replace("{", "{\"version\":1.5,"), valid.replace("{", "{\"oldBirthYear\":\"x\","),
                valid.replace("}", ",}"), valid.replace("}", ""), valid.replace("\"", "'"), valid.replace("{", "[{") + "]",
                valid.replace("\"schemaVersion\":1", "\"schemaVersion\":01"),
                valid.replace("\"nconst\"", "\"\\u006econst\""), valid.replace("\"nconst\"", "\"nconst\u0000\""),
                valid.replace("\"schemaVersion\":1", "\"schemaVersion\":+1"),
                valid.replace("\"schemaVersion\":1", "\"schemaVersion\":NaN"),
                valid.replace("\"schemaVersion\":1", "\"schemaVersion\":1 // c"),
                valid.replace("}", ",\"big\":\"" + "x".repeat(100_000) + "\"}"),
                valid.replace("}", ",\"deep\":" + "[".repeat(2000) + "]".repeat(2000) + "}"),
                valid.replace("}", ",\"num\":" + "9".repeat(2000) + "}"));
        for (String document : odd) {
            byte[] payload = document.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(() -> NameChangeEventCodec.decode(payload)))
                    .as(document.length() > 200 ? document.substring(0, 200) + "..." : document)
                    .isEqualTo(outcome(() -> NameChangeEventCodec.decodeTree(payload)));
        }
        byte[] notUtf8 = valid.replace("nm", "\u00ff\u00fe").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(outcome(() -> NameChangeEventCodec.decode(notUtf8)))
                .isEqualTo(outcome(() -> NameChangeEventCodec.decodeTree(notUtf8)));
    }

    /**
     * A valid event's fields, then mutated: fields dropped, duplicated, reordered, retyped or replaced by odd
     * values, unknown fields added, the document truncated or extended. Every fourth one is left valid.
     */
    private static byte[] document(Random random, int i) {
        NameChangeEvent event = event(random);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("schemaVersion", random.nextInt(8) == 0 ? String.valueOf(2 + random.nextInt(3)) : "1");
        fields.put("eventId", quoted(event.eventId().toString()));
        fields.put("type", quoted(event.type().wireName()));
        fields.put("nconst", quoted(event.nconst()));
        fields.put("version", String.valueOf(event.version()));
        fields.put("oldBirthYear", String.valueOf(event.oldBirthYear()));
        fields.put("newBirthYear", String.valueOf(event.newBirthYear()));
        fields.put("committedAt", quoted(event.committedAt().toString()));
        List<String> members = new ArrayList<>();
        fields.forEach((name, value) -> members.add(quoted(name) + ":" + value));
        if (i % 4 != 0) {
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutate(random, members);
            }
        } else if (random.nextBoolean()) {
            Collections.shuffle(members, random);
        }
        String document = "{" + String.join(random.nextInt(10) == 0 ? " , " : ",", members) + "}";
        if (i % 4 != 0 && random.nextInt(10) == 0) {
            document = random.nextBoolean() ? document.substring(0, random.nextInt(document.length()))
                    : document + List.of(" ", "x", "{}", "}", ",", "\n\t", "[]", "0").get(random.nextInt(8));
        }
        return document.getBytes(StandardCharsets.UTF_8);
    }

    private static void mutate(Random random, List<String> members) {
        switch (random.nextInt(6)) {
            case 0 -> { // drop a field
                if (!members.isEmpty()) {
                    members.remove(random.nextInt(members.size()));
                }
            }
            case 1 -> { // duplicate a field, with its value or another
                if (!members.isEmpty()) {
                    String member = members.get(random.nextInt(members.size()));
                    String name = member.substring(0, member.indexOf(':'));
                    members.add(random.nextInt(members.size() + 1),
                            random.nextBoolean() ? member : name + ":" + odd(random));
                }
            }
            case 2 -> Collections.shuffle(members, random);
            case 3 -> { // an unknown field, scalar or nested
                String name = quoted(List.of("extra", "source", "primaryNameChanged", "Nconst", "type ", "", "\u00e9t\u00e9")
                        .get(random.nextInt(7)));
                members.add(random.nextInt(members.size() + 1), name + ":" + odd(random));
            }
            default -> { // a known field with an odd value
                String field = FIELDS[random.nextInt(FIELDS.length)];
                members.removeIf(member -> member.startsWith(quoted(field) + ":"));
                members.add(random.nextInt(members.size() + 1), quoted(field) + ":" + odd(random));
            }
        }
    }

    private static String odd(Random random) {
        return ODD_VALUES[random.nextInt(ODD_VALUES.length)];
    }

    private static NameChangeEvent event(Random random) {
        Integer oldYear = random.nextBoolean() ? Integer.valueOf(1800 + random.nextInt(230)) : null;
        Integer newYear = random.nextBoolean() ? Integer.valueOf(1800 + random.nextInt(230)) : null;
        NameChangeType type = NameChangeType.values()[random.nextInt(NameChangeType.values().length)];
        long version = random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(1000);
        Instant committedAt = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000),
                random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000) * 1000);
        return NameChangeEvent.of(UUID.randomUUID(), type, "nm%07d".formatted(random.nextInt(10_000_000)), version,
                oldYear, newYear, committedAt);
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static Outcome outcome(Supplier<NameChangeEvent> decode) {
        try {
            return new Outcome(decode.get(), null, null);
        } catch (RuntimeException e) {
            return new Outcome(null, e.getClass().getName(), e.getMessage());
        }
    }

    /** An accepted event, or the class and message of the refusal. */
    private record Outcome(NameChangeEvent event, String exception, String message) {
    }
}
