package io.chartbridge.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.PropertySourcesPlaceholderConfigurer;

/**
 * The sandbox EHR: a real HAPI FHIR R4 JPA server on an H2 file database, serving {@code /fhir} on 127.0.0.1.
 *
 * <p>No Spring Boot auto-configuration: every bean the server needs is declared in the imported configurations, so
 * nothing unexpected (Flyway, a second DataSource, Boot's own JPA setup) starts behind our back and startup stays
 * short.
 */
@Configuration(proxyBeanMethods = false)
@Import({SandboxWebServerConfig.class, SandboxDatabaseConfig.class, SandboxFhirServerConfig.class})
public class SandboxApplication {

    /** Resolves {@code ${...}} in {@code @Value}; auto-configuration would add it, and we have none. */
    @Bean
    static PropertySourcesPlaceholderConfigurer propertyPlaceholders() {
        return new PropertySourcesPlaceholderConfigurer();
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            // Before Spring starts: a script's request for a token must not start a second server.
            SandboxOptions o = SandboxOptions.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
            String scope = o.springArgs().stream().filter(a -> a.startsWith("--scope=")).map(a -> a.substring(8))
                    .findFirst().orElse("system/*.read system/*.write");
            System.exit(io.chartbridge.sandbox.smart.SandboxTokenCommand.run(o.port(), o.dataDir(), scope));
            return;
        }
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chartbridge-sandbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        start(options);
    }

    /** Starts the server and returns once {@code /fhir/metadata} can answer. */
    public static ConfigurableApplicationContext start(int port, java.nio.file.Path dataDir) {
        return start(new SandboxOptions(port, dataDir, java.util.List.of()));
    }

    static ConfigurableApplicationContext start(SandboxOptions options) {
        try {
            Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("--data-dir: cannot create the directory", e);
        }
        // SMART auth is a configuration of its own, loaded only when asked for: the open sandbox starts as before.
        SpringApplication app = options.smartAuth()
                ? new SpringApplication(SandboxApplication.class, io.chartbridge.sandbox.smart.SandboxSmartAuthConfig.class)
                : new SpringApplication(SandboxApplication.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(Map.of(
                "sandbox.port", options.port(),
                "sandbox.data-dir", options.dataDir().toString(),
                "sandbox.jdbc-url", options.jdbcUrl(),
                "sandbox.smart.dir", options.smartDir().toString(),
                "sandbox.smart.token-ttl-seconds", options.tokenTtl().toSeconds()));
        return app.run(options.springArgs().toArray(String[]::new));
    }
}
