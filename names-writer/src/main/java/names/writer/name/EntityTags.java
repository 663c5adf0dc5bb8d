package names.writer.name;

import java.util.Optional;

/** Row versions as strong entity tags: {@code "42"}. */
public final class EntityTags {

    private EntityTags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Whether an If-Match header allows writing a row at {@code current} (empty: the row does not exist).
     * A null header means no precondition (last writer wins). Weak tags never match: If-Match uses the
     * strong comparison (RFC 9110 13.1.1).
     */
    public static boolean ifMatchAllows(String ifMatch, Optional<Long> current) {
        if (ifMatch == null) {
            return true;
        }
        if (current.isEmpty()) {
            return false;
        }
        String expected = of(current.get());
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(expected)) {
                return true;
            }
        }
        return false;
    }
}
