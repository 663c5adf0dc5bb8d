package names.contract.event;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import names.contract.Nconst;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of {@link NameChangeEvent} on the wire.
 *
 * <p>Decoding is strict and says exactly what is wrong, because a record it rejects goes to the
 * dead-letter topic with that reason for an operator to read.
 */
public final class NameChangeEventCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The fields {@link #decodeStreaming} reads, matched on the parser's raw name bytes, by index. */
    private static final PropertyNameMatcher FIELDS = BinaryNameMatcher.construct(List.of("schemaVersion", "eventId",
            "type", "nconst", "version", "oldBirthYear", "newBirthYear", "committedAt"));
    private static final int FIELD_SCHEMA_VERSION = 0;
    private static final int FIELD_EVENT_ID = 1;
    private static final int FIELD_TYPE = 2;
    private static final int FIELD_NCONST = 3;
    private static final int FIELD_VERSION = 4;
    private static final int FIELD_OLD_BIRTH_YEAR = 5;
    private static final int FIELD_NEW_BIRTH_YEAR = 6;
    private static final int FIELD_COMMITTED_AT = 7;
    /** Fields without which {@link #decodeTree} refuses an event (the birth years may be absent), as bits by index. */
    private static final int REQUIRED = 1 << FIELD_SCHEMA_VERSION | 1 << FIELD_EVENT_ID | 1 << FIELD_TYPE
            | 1 << FIELD_NCONST | 1 << FIELD_VERSION | 1 << FIELD_COMMITTED_AT;
    /**
     * From this length on, the tree decides: skipping a field reads past its string without the parser's
     * length limit, which a tree (materializing it) enforces. No string of a shorter payload can reach it.
     */
    private static final int MAX_STREAMED_LENGTH = JSON.tokenStreamFactory().streamReadConstraints().getMaxStringLength();

    private NameChangeEventCodec() {
    }

    /**
     * One string template, not a JSON generator: the relay encodes every change it publishes, and Jackson's
     * generator (created per event, every value checked against its context) was about a quarter of the
     * relay's CPU per change in a JFR profile. Nothing here needs escaping: the event's constructor admits
     * only a valid nconst ({@code nm} and digits), the type's wire name is a constant, and the id and the
     * time are written by {@link UUID#toString} and {@link #instantText}. The bytes are exactly what Jackson
     * writes for the same fields in the same order ({@code NameChangeEventCodecTest} compares them).
     */
    public static byte[] encode(NameChangeEvent event) {
        return ("{\"schemaVersion\":" + event.schemaVersion()
                + ",\"eventId\":\"" + event.eventId()
                + "\",\"type\":\"" + event.type().wireName()
                + "\",\"nconst\":\"" + event.nconst()
                + "\",\"version\":" + event.version()
                + ",\"oldBirthYear\":" + event.oldBirthYear()
                + ",\"newBirthYear\":" + event.newBirthYear()
                + ",\"committedAt\":\"" + instantText(event.committedAt())
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** @throws MalformedChangeEventException with a reason fit for a dead-letter header */
    public static NameChangeEvent decode(byte[] payload) {
        NameChangeEvent event = decodeStreaming(payload);
        return event != null ? event : decodeTree(payload);
    }

    /**
     * The common case, read token by token: every node's consumer decodes every change, and building a tree
     * first was about a fifth of the invalidator's CPU in a JFR profile. It answers only when it is sure that
     * {@link #decodeTree} would return the same event: a single JSON object whose fields it reads have exactly
     * the token types the tree's checks accept (each at most once; any other field is skipped whole), nothing
     * after it, and every value valid. Anything else (a poison record, a duplicate field, a float version, a
     * syntax error, trailing tokens, a payload long enough to meet a parser limit only a tree would check)
     * returns null, and the tree decides, with its reasons.
     *
     * @return the event, or null to leave the payload to {@link #decodeTree}
     */
    static NameChangeEvent decodeStreaming(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length >= MAX_STREAMED_LENGTH) {
            return null;
        }
        int schemaVersion = 0;
        String eventId = null;
        String type = null;
        String nconst = null;
        long version = 0;
        Integer oldBirthYear = null;
        Integer newBirthYear = null;
        String committedAt = null;
        int seen = 0;
        try (JsonParser json = JSON.createParser(payload)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (int field = json.nextNameMatch(FIELDS); field != PropertyNameMatcher.MATCH_END_OBJECT;
                    field = json.nextNameMatch(FIELDS)) {
                if (field == PropertyNameMatcher.MATCH_ODD_TOKEN) {
                    return null;
                }
                JsonToken value = json.nextToken();
                if (field == PropertyNameMatcher.MATCH_UNKNOWN_NAME) {
                    json.skipChildren();
                    continue;
                }
                if ((seen & 1 << field) != 0) {
                    return null;
                }
                seen |= 1 << field;
                switch (field) {
                    case FIELD_SCHEMA_VERSION -> {
                        if (!isInt(json, value)) {
                            return null;
                        }
                        schemaVersion = json.getIntValue();
                    }
                    case FIELD_VERSION -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || (json.getNumberType() != JsonParser.NumberType.INT
                                && json.getNumberType() != JsonParser.NumberType.LONG)) {
                            return null;
                        }
                        version = json.getLongValue();
                    }
                    case FIELD_OLD_BIRTH_YEAR, FIELD_NEW_BIRTH_YEAR -> {
                        Integer year;
                        if (value == JsonToken.VALUE_NULL) {
                            year = null;
                        } else if (isInt(json, value)) {
                            year = json.getIntValue();
                        } else {
                            return null;
                        }
                        if (field == FIELD_OLD_BIRTH_YEAR) {
                            oldBirthYear = year;
                        } else {
                            newBirthYear = year;
                        }
                    }
                    default -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        String text = json.getString();
                        switch (field) {
                            case FIELD_EVENT_ID -> eventId = text;
                            case FIELD_TYPE -> type = text;
                            case FIELD_NCONST -> nconst = text;
                            default -> committedAt = text; // FIELD_COMMITTED_AT, the last string field
                        }
                    }
                }
            }
            if (json.nextToken() != null) {
                return null;
            }
        } catch (JacksonException e) {
            return null;
        }
        if ((seen & REQUIRED) != REQUIRED || schemaVersion < NameChangeEvent.SCHEMA_VERSION || !Nconst.isValid(nconst)) {
            return null;
        }
        NameChangeType changeType = NameChangeType.fromWireName(type).orElse(null);
        if (changeType == null) {
            return null;
        }
        try {
            return new NameChangeEvent(schemaVersion, UUID.fromString(eventId), changeType, nconst, version,
                    oldBirthYear, newBirthYear, instant(committedAt));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }

    /** What the tree calls an int: an integer token that fits in 32 bits ({@code IntNode}). */
    private static boolean isInt(JsonParser json, JsonToken value) {
        return value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT;
    }

    /**
     * Reads the whole document as a tree, then checks it field by field in a fixed order: every refusal, with
     * its reason, comes from here.
     */
    static NameChangeEvent decodeTree(byte[] payload) {
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
                    instant(text(node, "committedAt")));
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

    /**
     * {@link Instant#parse} for the form {@link Instant#toString()} writes ({@code 2026-11-26T10:00:00.123456Z}:
     * seconds always, 0 to 9 fraction digits), read directly; anything else goes to {@link Instant#parse}, so
     * the result and what is refused are the same. Every node's consumer reads committedAt of every event,
     * and java.time's general formatter was about a sixth of the invalidator's CPU in a JFR profile.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > 20 && (text.charAt(19) != '.' || length == 21))) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = length > 20 ? digits(text, 20, length - 1) : 0;
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Instant.parse(text);
        }
        for (int i = length; i < 30; i++) {
            nanos *= 10;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Instant.parse(text);
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /**
     * {@link Instant#toString()}, written directly for the years 0000 to 9999 (other years go to
     * {@code toString}): the same text, seconds always, the fraction in 0, 3, 6 or 9 digits. The relay writes
     * committedAt of every change it publishes twice (in the payload and as {@code ce_time}), and java.time's
     * general formatter was about an eighth of the relay's CPU per change in a JFR profile.
     */
    public static String instantText(Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86_400);
        if (epochDay < FIRST_DAY_OF_YEAR_0 || epochDay > LAST_DAY_OF_YEAR_9999) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nanos = instant.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        byte[] text = new byte[fraction == 0 ? 20 : 21 + fraction];
        put(text, 0, 4, date.getYear());
        text[4] = '-';
        put(text, 5, 2, date.getMonthValue());
        text[7] = '-';
        put(text, 8, 2, date.getDayOfMonth());
        text[10] = 'T';
        put(text, 11, 2, secondOfDay / 3_600);
        text[13] = ':';
        put(text, 14, 2, secondOfDay / 60 % 60);
        text[16] = ':';
        put(text, 17, 2, secondOfDay % 60);
        if (fraction > 0) {
            text[19] = '.';
            put(text, 20, fraction, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos);
        }
        text[text.length - 1] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static final long FIRST_DAY_OF_YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY_OF_YEAR_9999 = LocalDate.of(9999, 12, 31).toEpochDay();

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code text[from]}. */
    private static void put(byte[] text, int from, int width, int value) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal value of {@code text[from, to)}, or -1 if a character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
