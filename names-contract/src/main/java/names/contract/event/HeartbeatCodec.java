package names.contract.event;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON form of {@link Heartbeat}: {@code {"schemaVersion":1,"type":"names.heartbeat",...}}. */
public final class HeartbeatCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HeartbeatCodec() {
    }

    public static byte[] encode(Heartbeat heartbeat) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaVersion", heartbeat.schemaVersion());
        node.put("type", Heartbeat.TYPE);
        node.put("partition", heartbeat.partition());
        node.put("closedAt", heartbeat.closedAt().toString());
        node.put("sentAt", heartbeat.sentAt().toString());
        return JSON.writeValueAsBytes(node);
    }

    /** Whether a payload is a heartbeat, for a record that came without the {@code ce_type} header. */
    public static boolean isHeartbeat(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null && node.isObject() && Heartbeat.TYPE.equals(stringOrNull(node.get("type")));
        } catch (JacksonException e) {
            return false;
        }
    }

    /** @throws MalformedChangeEventException if the payload is not a heartbeat of this schema or a newer one */
    public static Heartbeat decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new MalformedChangeEventException("empty heartbeat");
        }
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new MalformedChangeEventException("heartbeat not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedChangeEventException("heartbeat not a JSON object");
        }
        JsonNode schemaVersion = node.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() < Heartbeat.SCHEMA_VERSION) {
            throw new MalformedChangeEventException("heartbeat without a known schemaVersion");
        }
        JsonNode type = node.get("type");
        if (!Heartbeat.TYPE.equals(stringOrNull(type))) {
            throw new MalformedChangeEventException("not a heartbeat: type " + type);
        }
        JsonNode partition = node.get("partition");
        try {
            return new Heartbeat(schemaVersion.intValue(), partition != null && partition.isInt() ? partition.intValue() : 0,
                    Instant.parse(text(node, "closedAt")), Instant.parse(text(node, "sentAt")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedChangeEventException("invalid heartbeat field: " + e.getMessage(), e);
        }
    }

    private static String stringOrNull(JsonNode value) {
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedChangeEventException("heartbeat: missing or non-string " + field);
        }
        return value.stringValue();
    }
}
