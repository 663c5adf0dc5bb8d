package names.contract;

import java.util.regex.Pattern;

/**
 * IMDB person identifiers: {@code nm} followed by 7 to 10 digits.
 *
 * <p>Checked before any cache or database access: the value becomes part of a memcached key, and a key
 * with spaces or control characters would break memcached's text protocol.
 */
public final class Nconst {

    private static final Pattern FORMAT = Pattern.compile("nm[0-9]{7,10}");

    /** A human-readable statement of the rule, for error messages. */
    public static final String RULE = "nconst must be 'nm' followed by 7 to 10 digits";

    private Nconst() {
    }

    public static boolean isValid(String candidate) {
        return candidate != null && candidate.length() <= 12 && FORMAT.matcher(candidate).matches();
    }

    /** Returns the argument, or throws {@link IllegalArgumentException} saying why it is not an nconst. */
    public static String requireValid(String candidate) {
        if (!isValid(candidate)) {
            throw new IllegalArgumentException(RULE);
        }
        return candidate;
    }
}
