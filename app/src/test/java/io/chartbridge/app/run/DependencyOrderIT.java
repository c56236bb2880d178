package io.chartbridge.app.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Dependency-ordered loading (ADR 011): a multi-file export whose files refer to each other loads with no record
 * failed on its first run, although the project lists the files that refer to patients before the patients, and
 * small bundles go out two at a time. Against a server that refuses references it lacks as HAPI does, and against
 * the sandbox EHR itself.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class DependencyOrderIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXPORT = TestProjects.repo().resolve("test-fixtures/csv/legacy-ehr-multi");

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    /** Every resource the export's records map to, by reference, from the golden files. */
    private static Set<String> expectedResources() throws Exception {
        Set<String> refs = new HashSet<>();
        for (String[] s : MultiFileExport.SOURCES) {
            Path golden = EXPORT.resolve("expected").resolve(s[0].replace(".csv", ".ndjson"));
            for (String line : Files.readAllLines(golden)) {
                JsonNode r = JSON.readTree(line);
                refs.add(r.path("resourceType").asText() + "/" + r.path("id").asText());
            }
        }
        return refs;
    }

    @Test
    void aServerThatRefusesMissingReferencesGetsEveryRecordInDependencyOrder() throws Exception {
        TransactionResponder responder = new TransactionResponder(true);
        WireMockServer fhir = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .extensions(responder));
        fhir.start();
        try {
            fhir.stubFor(get(urlPathEqualTo("/fhir/metadata")).willReturn(okJson("""
                    {"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1",
                     "format":["json"],"date":"2026-01-01"}""")));
            fhir.stubFor(post(urlPathMatching("/fhir/?")).willReturn(aResponse()
                    .withTransformers("transaction-responder")));
            Project project = new ProjectLoader().load(MultiFileExport.project(dir, EXPORT, """
                    kind: fhir
                    url: %s/fhir
                    bundleSize: 3
                    concurrency: 2
                    """.formatted(fhir.baseUrl())));

            RunOutcome run = runner.run(project);

            assertThat(run.completed()).as("%s", run.fatalError()).isTrue();
            assertThat(run.summary().items(ItemState.FAILED)).as("%s", run.problems()).isZero();
            // Records about the patient held for review (P003) wait for that review; everything else is loaded.
            Set<String> expected = expectedResources();
            assertThat(responder.held()).containsAll(loadedOf(project, expected));
            assertThat(run.summary().items(ItemState.LOADED)).isGreaterThanOrEqualTo(15);
        } finally {
            fhir.stop();
        }
    }

    @Test
    void theMultiFileExportLoadsIntoTheSandboxWithNothingFailedOnItsFirstRun() throws Exception {
        SandboxProcess sandbox = SandboxProcess.shared(TestProjects.repo());
        Project project = new ProjectLoader().load(MultiFileExport.project(dir, EXPORT, """
                kind: fhir
                url: %s
                bundleSize: 2
                concurrency: 2
                """.formatted(sandbox.baseUrl())));

        RunOutcome run = runner.run(project);

        assertThat(run.completed()).as("%s", run.fatalError()).isTrue();
        assertThat(run.summary().items(ItemState.FAILED)).as("%s", run.problems()).isZero();
        for (String ref : loadedOf(project, expectedResources())) {
            assertThat(JSON.readTree(sandbox.get(ref)).path("id").asText()).as(ref)
                    .isEqualTo(ref.substring(ref.indexOf('/') + 1));
        }
    }

    @Test
    void aSandboxThatRefusesTransactionsAndClientIdsGetsTheExportInBatchesUnderItsOwnIds() throws Exception {
        SandboxProcess strict = SandboxProcess.startWith(TestProjects.repo(), SandboxProcess.freePort(),
                Files.createTempDirectory("chartbridge-strict-sandbox-"),
                "--sandbox.refuse-transactions-and-client-ids=true");
        try {
            Project project = new ProjectLoader().load(MultiFileExport.project(dir, EXPORT, """
                    kind: fhir
                    url: %s
                    bundleSize: 3
                    concurrency: 2
                    """.formatted(strict.baseUrl())));

            RunOutcome run = runner.run(project);

            assertThat(run.completed()).as("%s", run.fatalError()).isTrue();
            assertThat(run.summary().items(ItemState.FAILED)).as("%s", run.problems()).isZero();
            Set<String> loaded = loadedOf(project, expectedResources());
            for (String type : List.of("Patient", "Encounter", "Observation")) {
                long expected = loaded.stream().filter(r -> r.startsWith(type + "/")).count();
                assertThat(JSON.readTree(strict.get(type + "?_summary=count")).path("total").asLong()).as(type)
                        .isEqualTo(expected);
            }
            // Under ids the server chose: none of ours.
            assertThat(JSON.readTree(strict.get("Encounter")).path("entry").get(0).path("resource").path("id")
                    .asText()).matches("\\d+");
            // Every encounter's subject is a patient the server holds.
            for (JsonNode e : JSON.readTree(strict.get("Encounter?_count=50")).path("entry")) {
                String subject = e.path("resource").path("subject").path("reference").asText();
                assertThat(JSON.readTree(strict.get(subject)).path("resourceType").asText()).isEqualTo("Patient");
            }
        } finally {
            strict.stop();
        }
    }

    /** The expected resources the ledger recorded as loaded (those of records held for review are not). */
    private static Set<String> loadedOf(Project project, Set<String> expected) {
        Set<String> loaded = new HashSet<>();
        try (io.chartbridge.core.ledger.Ledger ledger = io.chartbridge.core.ledger.Ledger.open(project.ledger())) {
            ledger.query("select resource_type, resource_id from run_resource where outcome in ('CREATED','UPDATED',"
                    + "'UNCHANGED')", rs -> rs.getString(1) + "/" + rs.getString(2)).forEach(loaded::add);
        }
        assertThat(expected).containsAll(loaded);
        assertThat(loaded.size()).as("resources loaded of %s expected", expected.size())
                .isGreaterThanOrEqualTo(expected.size() * 2 / 3);
        return loaded;
    }
}
