package names.writer.importer;

import java.io.IOException;
import java.nio.file.Path;

/** {@code generate N FILE [SEED]}: no Spring, no database. */
public final class GenerateCommand {

    private static final long DEFAULT_SEED = 42;

    private GenerateCommand() {
    }

    /** @return the process exit code: 0 written, 1 failed, 2 usage */
    public static int run(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: generate N FILE [SEED]  (FILE ending in .gz is gzip-compressed)");
            return 2;
        }
        long rows;
        long seed;
        try {
            rows = Long.parseLong(args[1]);
            seed = args.length == 4 ? Long.parseLong(args[3]) : DEFAULT_SEED;
        } catch (NumberFormatException e) {
            System.err.println("N and SEED must be integers");
            return 2;
        }
        if (rows < 0 || rows > 9_999_999) {
            System.err.println("N must be between 0 and 9999999 (nconsts are nm0000001..nm9999999)");
            return 2;
        }
        Path file = Path.of(args[2]);
        try {
            long started = System.nanoTime();
            NameBasicsGenerator.generate(rows, file, seed);
            System.out.printf("generated %d rows into %s (seed %d) in %.1fs%n", rows, file, seed,
                    (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IOException e) {
            System.err.println("generate failed: " + e);
            return 1;
        }
    }
}
