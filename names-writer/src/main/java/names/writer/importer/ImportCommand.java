package names.writer.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code import [--if-empty] FILE [--spring.datasource.url=...]}: the importer in the writer's own context
 * (same datasource settings, Flyway migration, validation rules), without a web server or the relay: the
 * running writer's relay publishes the import's change events.
 *
 * <p>{@code --if-empty} imports only into an empty {@code names} table: compose loads its demo data set on
 * every start, and must not undo what a user changed in it since the first start.
 */
@Command(name = "import", sortOptions = false,
        description = "Loads a name.basics file into PostgreSQL: new and changed names only, each producing a"
                + " change event that the running writer's relay publishes.",
        footer = {"%nAny --spring.PROPERTY=VALUE after FILE configures the writer's context, e.g.",
            "  --spring.datasource.url=jdbc:postgresql://localhost:5432/names",
            "(SPRING_DATASOURCE_URL in the environment works too)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:imported (or skipped by --if-empty)", "1:failed, nothing was written", "2:bad usage"})
public final class ImportCommand implements Callable<Integer> {

    private final Class<?> application;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Option(names = "--if-empty", description = "import only into an empty names table (compose's demo data)")
    private boolean onlyIfEmpty;

    @Parameters(index = "0", paramLabel = "FILE", description = "name.basics.tsv or .tsv.gz")
    private Path file;

    /** Spring Boot's own command-line properties, handed to the context as they are. */
    @Unmatched
    private List<String> springArgs = new ArrayList<>();

    private ImportCommand(Class<?> application) {
        this.application = application;
    }

    /**
     * @param args {@code import} and its arguments, as the jar's main received them
     * @return the process exit code: 0 imported, 1 failed (nothing written), 2 usage
     */
    public static int run(Class<?> application, String[] args) {
        return new CommandLine(new ImportCommand(application)).execute(Arrays.copyOfRange(args, 1, args.length));
    }

    @Override
    public Integer call() {
        List<String> notSpring = springArgs.stream().filter(arg -> !arg.startsWith("--")).toList();
        if (!notSpring.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "unexpected argument(s) " + notSpring
                    + ": only --spring.property=value may follow FILE");
        }
        if (!Files.isReadable(file)) {
            System.err.println("import failed: cannot read " + file);
            return 1;
        }
        List<String> contextArgs = new ArrayList<>(springArgs);
        contextArgs.add("--names.writer.relay.enabled=false");
        if (contextArgs.stream().noneMatch(arg -> arg.startsWith("--logging.level.root="))) {
            contextArgs.add("--logging.level.root=WARN");
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(contextArgs.toArray(String[]::new))) {
            NameBasicsImporter importer = context.getBean(NameBasicsImporter.class);
            if (onlyIfEmpty && importer.hasNames()) {
                System.out.println("import skipped: names is not empty (--if-empty)");
                return 0;
            }
            importer.importFile(file, System.out);
            return 0;
        } catch (Exception e) {
            System.err.println("import failed, nothing was written: " + e);
            return 1;
        }
    }
}
