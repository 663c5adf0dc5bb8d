package names.contract;

/**
 * IMDB person identifiers: {@code nm} followed by 7 to 10 digits.
 *
 * <p>Checked before any cache or database access: the value becomes part of a memcached key, and a key
 * with spaces or control characters would break memcached's text protocol.
 */
public final class Nconst {

    /** A human-readable statement of the rule, for error messages. */
    public static final String RULE = "nconst must be 'nm' followed by 7 to 10 digits";

    private Nconst() {
    }

    public static boolean isValid(String candidate) {
        return candidate != null && candidate.startsWith("nm") && asciiDigits(candidate, 2, 7, 10);
    }

    /** A loop, not a regular expression: the bulk importer checks this on each of a million lines. */
    private static boolean asciiDigits(String text, int start, int min, int max) {
        int length = text.length() - start;
        if (length < min || length > max) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The nconst as one {@code long}: its digits' value times four plus how many digits past seven it has (the
     * leading zeros are part of the identifier). For keeping many of them without an object each, as the
     * invalidator's consistency observer does with a minute of changes; {@link #unpack} gives the text back.
     */
    public static long pack(String nconst) {
        requireValid(nconst);
        return Long.parseLong(nconst, 2, nconst.length(), 10) * 4 + (nconst.length() - 2 - 7);
    }

    /** The nconst {@link #pack} was given. */
    public static String unpack(long packed) {
        int digits = (int) (packed & 3) + 7;
        String value = Long.toString(packed >>> 2);
        if (packed < 0 || value.length() > digits) {
            throw new IllegalArgumentException("not a packed nconst: " + packed);
        }
        return "nm" + "0".repeat(digits - value.length()) + value;
    }

    /** Returns the argument, or throws {@link IllegalArgumentException} saying why it is not an nconst. */
    public static String requireValid(String candidate) {
        if (!isValid(candidate)) {
            throw new IllegalArgumentException(RULE);
        }
        return candidate;
    }
}
