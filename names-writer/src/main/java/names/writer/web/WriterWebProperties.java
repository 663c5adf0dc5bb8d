package names.writer.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param apiKey the secret every write request must send in {@code X-API-Key}; no default on purpose:
 *     the web application refuses to start without one rather than run open
 * @param maxBodySize the largest request body accepted (413 beyond), counted on the stream so that a
 *     chunked body cannot bypass it
 */
@ConfigurationProperties("names.writer")
public record WriterWebProperties(String apiKey, @DefaultValue("64KB") DataSize maxBodySize) {
}
