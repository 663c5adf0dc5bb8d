package names.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring Boot test's standard properties at the shared containers. */
public final class ContainerProperties {

    private ContainerProperties() {
    }

    public static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SharedContainers.postgres().getJdbcUrl());
        registry.add("spring.datasource.username", () -> SharedContainers.postgres().getUsername());
        registry.add("spring.datasource.password", () -> SharedContainers.postgres().getPassword());
    }

    public static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> SharedContainers.kafka().getBootstrapServers());
    }
}
