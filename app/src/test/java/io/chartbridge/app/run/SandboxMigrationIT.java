package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * End to end against the sandbox EHR, a real HAPI FHIR JPA server: the legacy EMR fixture is migrated and read
 * back from the server. Every expected patient exists exactly once, even one the EHR already held, and a second
 * run adds nothing.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class SandboxMigrationIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    static SandboxProcess sandbox;

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxProcess.shared(TestProjects.repo());
    }

    private Project project(String mode) throws Exception {
        Path project = dir.resolve("project.yaml");
        Path fixtures = TestProjects.repo().resolve("test-fixtures/csv/legacy-emr");
        Files.writeString(project, """
                name: sandbox-e2e
                sources:
                  - name: legacy-emr-patients
                    connector: csv
                    location: %s
                    mapping: %s
                target:
                  kind: fhir
                  url: %s
                  mode: %s
                  bundleSize: 10
                """.formatted(fixtures.resolve("patients.csv"),
                TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml"), sandbox.baseUrl(), mode));
        return new ProjectLoader().load(project);
    }

    @Test
    void everyExpectedPatientExistsExactlyOnceAndASecondRunAddsNothing() throws Exception {
        List<String> mrns = expectedMrns();
        // The new EHR already holds the first patient, registered under the legacy MRN.
        sandbox.put("Patient/ehr-existing-1", """
                {"resourceType":"Patient","id":"ehr-existing-1",
                 "identifier":[{"system":"%s","value":"%s"}],"name":[{"family":"Registered"}]}"""
                .formatted(MRN_SYSTEM, mrns.get(0)));

        RunOutcome first = runner.run(project("conditional"));
        assertThat(first.completed()).isTrue();
        assertThat(first.summary().items(ItemState.LOADED)).isEqualTo(mrns.size());

        for (String mrn : mrns) {
            JsonNode found = search("Patient?identifier=" + enc(MRN_SYSTEM + "|" + mrn));
            assertThat(found.path("total").asInt()).as("patients with MRN %s", mrn).isEqualTo(1);
        }
        int total = search("Patient?_summary=count").path("total").asInt();

        RunOutcome second = runner.run(project("conditional"));
        assertThat(second.summary().resources("CREATED")).isZero();
        assertThat(second.summary().resources("UNCHANGED")).isEqualTo(mrns.size());
        assertThat(search("Patient?_summary=count").path("total").asInt()).isEqualTo(total);
    }

    private static JsonNode search(String relative) throws Exception {
        return JSON.readTree(sandbox.get(relative));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> expectedMrns() throws Exception {
        List<String> mrns = new ArrayList<>();
        for (String line : Files.readAllLines(TestProjects.repo()
                .resolve("test-fixtures/csv/legacy-emr/expected/Patient.ndjson"))) {
            for (JsonNode id : JSON.readTree(line).path("identifier")) {
                if (MRN_SYSTEM.equals(id.path("system").asText())) {
                    mrns.add(id.path("value").asText());
                }
            }
        }
        return mrns;
    }
}
