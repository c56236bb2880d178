package io.chartbridge.app.run;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Runs against a FHIR server pinned by WireMock: the run sends PUT-to-deterministic-id transactions with the
 * bearer token, and a re-run over the same input sends nothing at all.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class FhirTargetRerunIT {

    private static final String CAPABILITY = """
            {"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1",
             "format":["json"],"date":"2026-01-01"}""";

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    private WireMockServer fhir;

    @BeforeEach
    void startServer() {
        fhir = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new TransactionResponder()));
        fhir.start();
        fhir.stubFor(get(urlPathEqualTo("/fhir/metadata")).willReturn(okJson(CAPABILITY)));
        fhir.stubFor(post(urlPathMatching("/fhir/?")).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withTransformers("transaction-responder")));
    }

    @AfterEach
    void stopServer() {
        fhir.stop();
    }

    private Project project(String csv) throws Exception {
        return new ProjectLoader().load(TestProjects.write(dir, csv, """
                kind: fhir
                url: %s/fhir
                mode: put
                bundleSize: 50
                auth: { type: bearer, token: test-token-not-a-secret }
                """.formatted(fhir.baseUrl())));
    }

    @Test
    void aRerunPostsNothingNewAndAChangedRowPostsOnlyItsResource() throws Exception {
        Project project = project(TestProjects.FIVE_ROWS);

        RunOutcome first = runner.run(project);
        assertThat(first.summary().resources("CREATED")).as("%s %s", first.fatalError(), first.problems()).isEqualTo(3);
        List<JsonNode> bundles = postedBundles();
        assertThat(bundles).hasSize(1);
        JsonNode entries = bundles.get(0).path("entry");
        assertThat(bundles.get(0).path("type").asText()).isEqualTo("transaction");
        assertThat(entries).hasSize(3);
        for (JsonNode e : entries) {
            assertThat(e.path("request").path("method").asText()).isEqualTo("PUT");
            assertThat(e.path("request").path("url").asText())
                    .isEqualTo("Patient/" + e.path("resource").path("id").asText());
        }
        fhir.verify(postRequestedFor(urlPathMatching("/fhir/?"))
                .withHeader("Authorization", equalTo("Bearer test-token-not-a-secret")));

        RunOutcome second = runner.run(project);
        assertThat(postedBundles()).hasSize(1);
        assertThat(second.summary().resources("CREATED")).isZero();
        assertThat(second.summary().resources("UNCHANGED")).isEqualTo(3);

        Files.writeString(dir.resolve("patients.csv"), TestProjects.FIVE_ROWS.replace("Testb,Ben", "Testb,Benjamin"));
        RunOutcome third = runner.run(project(Files.readString(dir.resolve("patients.csv"))));
        List<JsonNode> after = postedBundles();
        assertThat(after).hasSize(2);
        assertThat(after.get(1).path("entry")).hasSize(1);
        assertThat(after.get(1).path("entry").get(0).path("resource").toString()).contains("Benjamin");
        assertThat(third.summary().resources("UNCHANGED")).isEqualTo(2);
    }

    @Test
    void oneResourceTheServerRefusesBecomesAReviewItemWithTheServersMessageAndTheRestLoad() throws Exception {
        Project project = project(TestProjects.FIVE_ROWS.replace("Testb,Ben", "Poison,Ben"));
        RunOutcome run = runner.run(project);

        assertThat(run.summary().items(ItemState.LOADED)).isEqualTo(2);
        assertThat(run.summary().items(ItemState.FAILED)).isZero();
        assertThat(run.summary().items(ItemState.NEEDS_REVIEW)).isEqualTo(1);
        try (io.chartbridge.core.ledger.Ledger ledger = io.chartbridge.core.ledger.Ledger.open(project.ledger())) {
            var items = new io.chartbridge.core.review.ReviewQueue(ledger)
                    .list(io.chartbridge.core.review.ReviewFilter.pending()).items();
            assertThat(items).singleElement().satisfies(item -> {
                assertThat(item.kind()).isEqualTo(io.chartbridge.core.review.ReviewKind.INVALID_RESOURCE);
                assertThat(item.location()).isEqualTo("patients.csv:3");
                assertThat(item.reason()).contains("the target refused it").contains("poison entry")
                        .doesNotContain("whole transaction");
            });
        }
    }

    private List<JsonNode> postedBundles() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : fhir.findAll(postRequestedFor(urlPathMatching("/fhir/?")))) {
            out.add(json.readTree(r.getBodyAsString()));
        }
        return out;
    }
}
