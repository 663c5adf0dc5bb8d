package names.writer;

import names.writer.importer.GenerateCommand;
import names.writer.importer.ImportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The writer service; with a first argument of {@code import} or {@code generate} the same jar is the
 * bulk-load tool instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NamesWriterApplication {

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        switch (command) {
            case "generate" -> System.exit(GenerateCommand.run(args));
            case "import" -> System.exit(ImportCommand.run(NamesWriterApplication.class, args));
            default -> SpringApplication.run(NamesWriterApplication.class, args);
        }
    }
}
