package names.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NamesApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(NamesApiApplication.class, args);
    }
}
