package io.chartbridge.app.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.ResourceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading loaded resources back for the reconciliation sample: from an NDJSON target folder, and from a FHIR server
 * (WireMock) with the project's credentials, as the server sent the resource.
 */
class TargetResourceReaderTest {

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    private ResourceReader reader() {
        return TargetResourceReader.forTarget(new TargetSpec("ndjson", dir, null, null, 100, 1,
                TargetSpec.AuthSpec.NONE));
    }

    @Test
    void theLastLineWithTheIdWinsAsARerunAppendsItsNewerVersion() throws Exception {
        Files.writeString(dir.resolve("Patient.ndjson"), """
                {"resourceType":"Patient","id":"a1","gender":"female"}
                {"resourceType":"Patient","id":"b2","gender":"male","note":"mentions a1"}
                {"resourceType":"Patient","id":"a1","gender":"unknown"}
                """);

        assertThat(reader().read(new LoadedResource("Patient", "a1", null, "h")))
                .hasValueSatisfying(r -> assertThat(r.path("gender").asText()).isEqualTo("unknown"));
        assertThat(reader().read(new LoadedResource("Patient", "b2", "Patient/b2/_history/1", "h")))
                .hasValueSatisfying(r -> assertThat(r.path("gender").asText()).isEqualTo("male"));
    }

    @Test
    void aResourceTheFolderDoesNotHoldIsMissing() throws Exception {
        assertThat(reader().read(new LoadedResource("Observation", "o1", null, "h"))).isEmpty();
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"a1\"}\n");
        assertThat(reader().read(new LoadedResource("Patient", "zz", null, "h"))).isEmpty();
    }

    @Test
    void aFhirServerIsReadWithTheProjectsCredentialsAndItsAnswerKeptAsSent() throws Exception {
        // An element HAPI's R4 model does not know: parsed and written again it would be gone, and a difference
        // between what was sent and what the target holds with it.
        server.stubFor(get(urlPathEqualTo("/fhir/Patient/srv-7")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"Patient\",\"id\":\"srv-7\",\"gender\":\"female\","
                        + "\"legacyNote\":\"kept\"}")));
        ResourceReader reader = TargetResourceReader.forTarget(new TargetSpec("fhir", null,
                "http://127.0.0.1:" + server.getPort() + "/fhir/", null, 100, 1,
                new TargetSpec.AuthSpec("bearer", "reader-token", null, null)));

        assertThat(reader.read(new LoadedResource("Patient", "p-1", "Patient/srv-7/_history/2", "h")))
                .hasValueSatisfying(r -> {
                    assertThat(r.path("gender").asText()).isEqualTo("female");
                    assertThat(r.path("legacyNote").asText()).isEqualTo("kept");
                });
        server.verify(getRequestedFor(urlPathEqualTo("/fhir/Patient/srv-7"))
                .withHeader("Authorization", equalTo("Bearer reader-token")));
        assertThat(reader.read(new LoadedResource("Patient", "p-2", null, "h"))).as("404").isEmpty();
    }
}
