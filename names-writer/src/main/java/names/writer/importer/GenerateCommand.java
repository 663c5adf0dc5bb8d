package names.writer.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code generate N FILE [SEED]}: no Spring, no database. */
@Command(name = "generate", sortOptions = false,
        description = "Writes N synthetic, deterministic name.basics rows (nm0000001..) to FILE.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "1:failed", "2:bad usage"})
public final class GenerateCommand implements Callable<Integer> {

    /** nconsts are nm0000001..nm9999999. */
    private static final long MAX_ROWS = 9_999_999;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Parameters(index = "0", paramLabel = "N", description = "rows, 0 to 9999999")
    private long rows;

    @Parameters(index = "1", paramLabel = "FILE", description = "output; a name ending in .gz is gzip-compressed")
    private Path file;

    @Parameters(index = "2", paramLabel = "SEED", arity = "0..1", defaultValue = "42",
            description = "random seed: same seed, same file [${DEFAULT-VALUE}]")
    private long seed;

    /**
     * @param args {@code generate} and its arguments, as the jar's main received them
     * @return the process exit code: 0 written, 1 failed, 2 usage
     */
    public static int run(String[] args) {
        return new CommandLine(new GenerateCommand()).execute(Arrays.copyOfRange(args, 1, args.length));
    }

    @Override
    public Integer call() {
        if (rows < 0 || rows > MAX_ROWS) {
            throw new ParameterException(spec.commandLine(),
                    "N must be between 0 and " + MAX_ROWS + " (nconsts are nm0000001..nm9999999)");
        }
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
