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
 * {@code import FILE [--spring.datasource.url=...]}: the importer in the writer's own context (same
 * datasource settings, Flyway migration, validation rules), without a web server or the relay: the
 * running writer's relay publishes the import's change events.
 */
public final class ImportCommand {

    private ImportCommand() {
    }

    /** @return the process exit code: 0 imported, 1 failed (nothing written), 2 usage */
    public static int run(Class<?> application, String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            System.err.println("usage: import FILE [--spring.property=value ...]  (FILE: name.basics.tsv or .tsv.gz)");
            return 2;
        }
        Path file = Path.of(args[1]);
        if (!Files.isReadable(file)) {
            System.err.println("import failed: cannot read " + file);
            return 1;
        }
        List<String> springArgs = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
        springArgs.add("--names.writer.relay.enabled=false");
        if (springArgs.stream().noneMatch(arg -> arg.startsWith("--logging.level.root="))) {
            springArgs.add("--logging.level.root=WARN");
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            context.getBean(NameBasicsImporter.class).importFile(file, System.out);
            return 0;
        } catch (Exception e) {
            System.err.println("import failed, nothing was written: " + e);
            return 1;
        }
    }
}
