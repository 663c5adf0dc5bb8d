package names.invalidator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Consumes name change events and deletes the cache keys they make stale, in every memcached pool. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InvalidatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(InvalidatorApplication.class, args);
    }
}
