package names.tools.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a Spring Boot service's {@code /actuator/prometheus} text exposition. */
public final class PrometheusScraper {

    private final HttpClient http;

    public PrometheusScraper(HttpClient http) {
        this.http = http;
    }

    /** @return the exposition, or "" when the service cannot be scraped (what needs it is then skipped) */
    public String scrape(URI service) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
