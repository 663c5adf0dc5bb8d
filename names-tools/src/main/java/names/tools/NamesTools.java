package names.tools;

import java.io.PrintWriter;

import names.tools.check.ConsistencyChecker;
import names.tools.lag.LagCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The tools run by hand against a running stack, as subcommands of one jar ({@code ./dev check},
 * {@code ./dev bench} run them). Exit status: 0 ok, 1 the measurement found a problem (stale entries, no
 * lag sample), 2 bad usage or the run itself failed.
 */
@Command(name = "names-tools", mixinStandardHelpOptions = true, versionProvider = NamesTools.Version.class,
        description = "Consistency checker and benchmarks for a running names stack.",
        subcommands = {ConsistencyChecker.class, LagCommand.class, CommandLine.HelpCommand.class})
public final class NamesTools implements Runnable {

    /** Bad usage, and also a run that failed outright: either way no verdict about the system. */
    public static final int EXIT_USAGE_OR_FAILURE = 2;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it: usage errors and failures both exit with 2. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new NamesTools());
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            PrintWriter err = cl.getErr();
            err.println(cl.getCommandName() + " failed: " + e);
            e.printStackTrace(err);
            return EXIT_USAGE_OR_FAILURE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "which tool? check or lag (see --help)");
    }

    /** The version Maven wrote into the jar's manifest ("dev" when run from classes). */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NamesTools.class.getPackage().getImplementationVersion();
            return new String[] {"names-tools " + (version == null ? "dev" : version)};
        }
    }
}
