package names.writer.importer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reportLimit malformed lines printed with their line number; the rest are only counted
 * @param progressInterval how often a progress line is printed
 */
@ConfigurationProperties("names.writer.import")
public record ImportProperties(@DefaultValue("20") int reportLimit, @DefaultValue("5s") Duration progressInterval) {
}
