package names.writer.importer;

import java.time.Duration;
import java.util.Locale;

/**
 * What an import did. {@code valid = inserted + updated + unchanged + duplicates}, where a duplicate is a
 * later line for an nconst seen earlier in the file (the last line wins). A name that another writer
 * creates while the import runs is left as that writer made it and counted as unchanged.
 */
public record ImportSummary(long read, long valid, long malformed, long duplicates, long inserted, long updated,
        long unchanged, Duration elapsed) {

    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? read : read / seconds;
    }

    /** The final line the command prints. */
    public String format() {
        return String.format(Locale.ROOT,
                "import done: read=%d valid=%d malformed=%d duplicates=%d inserted=%d updated=%d unchanged=%d"
                        + " elapsed=%.1fs rate=%.0f rows/s",
                read, valid, malformed, duplicates, inserted, updated, unchanged, elapsed.toMillis() / 1000.0,
                rowsPerSecond());
    }
}
