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

    /** One FhirContext for the whole application: it is expensive to create and thread-safe. */
    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4();
    }

    public static ConfigurableApplicationContext start(Map<String, Object> properties, String... args) {
        return new SpringApplicationBuilder(PipelineApplication.class)
                .properties(properties)
                .logStartupInfo(false)
                .run(args);
    }
}
