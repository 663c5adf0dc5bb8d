package names.contract.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import names.contract.Nconst;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of {@link NameChangeEvent} on the wire.
 *
 * <p>Decoding is strict and says exactly what is wrong, because a record it rejects goes to the
 * dead-letter topic with that reason for an operator to read.
 */
public final class NameChangeEventCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NameChangeEventCodec() {
    }

    public static byte[] encode(NameChangeEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaVersion", event.schemaVersion());
        node.put("eventId", event.eventId().toString());
        node.put("type", event.type().wireName());
        node.put("nconst", event.nconst());
        node.put("version", event.version());
        putYear(node, "oldBirthYear", event.oldBirthYear());
        putYear(node, "newBirthYear", event.newBirthYear());
        node.put("committedAt", event.committedAt().toString());
        return JSON.writeValueAsBytes(node);
    }

    /** @throws MalformedChangeEventException with a reason fit for a dead-letter header */
    public static NameChangeEvent decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new MalformedChangeEventException("empty payload");
        }
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new MalformedChangeEventException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedChangeEventException("not a JSON object");
        }
        JsonNode schemaVersion = node.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isInt()) {
            throw new MalformedChangeEventException("missing or non-integer schemaVersion");
        }
        // A newer schema only adds to this one (a change that removes or redefines a field needs a new
        // topic): its events carry every field read below, and are applied. Refusing them would strand
        // invalidations whenever a newer writer is deployed before the invalidators.
        if (schemaVersion.intValue() < NameChangeEvent.SCHEMA_VERSION) {
            throw new MalformedChangeEventException("unknown schemaVersion " + schemaVersion.intValue());
        }
        String nconst = text(node, "nconst");
        if (!Nconst.isValid(nconst)) {
            throw new MalformedChangeEventException("invalid nconst: " + Nconst.RULE);
        }
        NameChangeType type = NameChangeType.fromWireName(text(node, "type"))
                .orElseThrow(() -> new MalformedChangeEventException("unknown type " + node.get("type")));
        JsonNode version = node.get("version");
        if (version == null || !version.canConvertToLong()) {
            throw new MalformedChangeEventException("missing or non-integer version");
        }
        try {
            return new NameChangeEvent(schemaVersion.intValue(), UUID.fromString(text(node, "eventId")), type, nconst,
                    version.longValue(), year(node, "oldBirthYear"), year(node, "newBirthYear"),
                    Instant.parse(text(node, "committedAt")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedChangeEventException("invalid field: " + e.getMessage(), e);
        }
    }

    public static String encodeToString(NameChangeEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedChangeEventException("missing or non-string " + field);
        }
        return value.stringValue();
    }

    private static Integer year(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw new MalformedChangeEventException("non-integer " + field);
        }
        return value.intValue();
    }

    private static void putYear(ObjectNode node, String field, Integer year) {
        if (year == null) {
            node.putNull(field);
        } else {
            node.put(field, year);
        }
    }
}
