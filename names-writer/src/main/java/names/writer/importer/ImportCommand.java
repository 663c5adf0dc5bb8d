package names.writer.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code import [--if-empty] FILE [--spring.datasource.url=...]}: the importer in the writer's own context
 * (same datasource settings, Flyway migration, validation rules), without a web server or the relay: the
 * running writer's relay publishes the import's change events.
 *
 * <p>{@code --if-empty} imports only into an empty {@code names} table: compose loads its demo data set on
 * every start, and must not undo what a user changed in it since the first start.
 */
public final class ImportCommand {

    static final String IF_EMPTY = "--if-empty";

    private ImportCommand() {
    }

    /** @return the process exit code: 0 imported, 1 failed (nothing written), 2 usage */
    public static int run(Class<?> application, String[] args) {
        boolean onlyIfEmpty = args.length > 1 && IF_EMPTY.equals(args[1]);
        int fileArg = onlyIfEmpty ? 2 : 1;
        if (args.length <= fileArg || args[fileArg].startsWith("--")) {
            System.err.println("usage: import [" + IF_EMPTY
                    + "] FILE [--spring.property=value ...]  (FILE: name.basics.tsv or .tsv.gz)");
            return 2;
        }
        Path file = Path.of(args[fileArg]);
        if (!Files.isReadable(file)) {
            System.err.println("import failed: cannot read " + file);
            return 1;
        }
        List<String> springArgs = new ArrayList<>(Arrays.asList(args).subList(fileArg + 1, args.length));
        springArgs.add("--names.writer.relay.enabled=false");
        if (springArgs.stream().noneMatch(arg -> arg.startsWith("--logging.level.root="))) {
            springArgs.add("--logging.level.root=WARN");
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            NameBasicsImporter importer = context.getBean(NameBasicsImporter.class);
            if (onlyIfEmpty && importer.hasNames()) {
                System.out.println("import skipped: names is not empty (" + IF_EMPTY + ")");
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
