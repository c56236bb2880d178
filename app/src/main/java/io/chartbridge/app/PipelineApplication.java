package io.chartbridge.app;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The Spring Boot application that hosts the Camel stages. Started by the commands that move data. */
@SpringBootApplication
public class PipelineApplication {

    /**
     * One FhirContext for the whole application: it is expensive to create and thread-safe. HAPI's process-wide R4
     * context, so that the validator a command starts loading before the application starts
     * ({@code ResourceValidation.warmUpEarly}) is the one the application uses.
     */
    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    /**
     * Starts the application. {@code properties} are passed as command-line arguments, which (unlike default
     * properties) take precedence over application.yaml.
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties, String... args) {
        java.util.List<String> all = new java.util.ArrayList<>();
        properties.forEach((k, v) -> all.add("--" + k + "=" + v));
        all.addAll(java.util.List.of(args));
        return new SpringApplicationBuilder(PipelineApplication.class)
                .logStartupInfo(false)
                .run(all.toArray(String[]::new));
    }
}
