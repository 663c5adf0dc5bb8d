package names.invalidator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Consumes name change events and deletes the cache keys they make stale, node by node, in every memcached pool. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class InvalidatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(InvalidatorApplication.class, args);
    }
}
