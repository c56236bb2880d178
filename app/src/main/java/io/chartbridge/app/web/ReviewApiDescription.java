package io.chartbridge.app.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The title and authentication of the review API's OpenAPI description (served at /v3/api-docs). */
@Configuration
@Profile("console")
public class ReviewApiDescription {

    @Bean
    OpenAPI reviewOpenApi() {
        return new OpenAPI()
                .info(new Info().title("ChartBridge review API").version("1")
                        .description("The queue of records a person must decide (matches, OCR fields, codes), "
                                + "and the decisions that release them to the target. Roles: REVIEWER decides, "
                                + "MANAGER also reads the audit."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
