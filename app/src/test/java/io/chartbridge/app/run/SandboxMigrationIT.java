package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.ReviewService;
import io.chartbridge.app.review.ScanCrops;
import io.chartbridge.app.review.TargetHeldRecordRelease;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import java.time.Clock;
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

    @Autowired
    TargetFactory targets;

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

    @Test
    void aScannedChartHeldForReviewReachesTheServerOnlyAfterTheDecisionLinkedToTheChosenPatient() throws Exception {
        // The EHR already holds Robert Nolan under its own number; the paper chart carries only his chart MRN.
        sandbox.put("Patient/ehr-nolan", """
                {"resourceType":"Patient","id":"ehr-nolan",
                 "identifier":[{"system":"urn:oid:2.16.840.1.113883.3.9999.99","value":"E7700001"}],
                 "name":[{"family":"Nolan","given":["Robert"]}],"gender":"male","birthDate":"1955-04-18",
                 "address":[{"line":["8485 Birch Drive"],"city":"Madison","postalCode":"76450"}]}""");
        Path scans = Files.createDirectories(dir.resolve("scans"));
        Files.copy(TestProjects.repo().resolve("test-fixtures/scans/chart-0011.tif"), scans.resolve("chart-0011.tif"));
        Path file = dir.resolve("scans-project.yaml");
        // Thresholds above what this pair reaches, so a person decides.
        Files.writeString(file, """
                name: sandbox-scans
                sources:
                  - name: paper-charts
                    connector: scans
                    location: scans
                    mapping: %s
                target:
                  kind: fhir
                  url: %s
                  mode: conditional
                matching:
                  enabled: true
                  matchThreshold: 0.99999999999
                  reviewThreshold: 0.5
                """.formatted(TestProjects.repo().resolve("mappings/scans"), sandbox.baseUrl()));
        Project project = new ProjectLoader().load(file);

        RunOutcome run = runner.run(project);
        assertThat(run.summary().received()).isEqualTo(2);
        assertThat(run.summary().items(ItemState.NEEDS_REVIEW)).as("%s", run.problems()).isEqualTo(1);
        String chartMrn = enc("urn:oid:2.16.840.1.113883.3.9999.2|FJ482170");
        assertThat(search("Patient?identifier=" + chartMrn).path("total").asInt()).isZero();
        assertThat(search("DocumentReference?subject=Patient/ehr-nolan").path("total").asInt()).isZero();

        try (Ledger ledger = Ledger.open(project.ledger())) {
            ReviewQueue queue = new ReviewQueue(ledger);
            ReviewItem item = queue.list(ReviewFilter.pending()).items().stream()
                    .filter(i -> i.kind() == ReviewKind.POSSIBLE_MATCH).findFirst().orElseThrow();
            assertThat(item.payload().path("candidates").toString()).contains("Patient/ehr-nolan");
            ReviewService review = new ReviewService(queue, new PhiAccessLog(ledger.dataSource(), Clock.systemUTC()),
                    new TargetHeldRecordRelease(ledger, queue, targets, project, new CodeTables()),
                    new ScanCrops(), new CodeTables());
            review.claim(item.id(), "reviewer1");
            review.decide(item.id(), "reviewer1", Decision.link("Patient/ehr-nolan"));

            assertThat(queue.auditLog().forItem(item.id())).anySatisfy(e ->
                    assertThat(e.toString()).contains("reviewer1"));
            assertThat(ledger.itemState(item.itemId())).contains(ItemState.LOADED);
        }
        assertThat(search("DocumentReference?subject=Patient/ehr-nolan").path("total").asInt()).isEqualTo(1);
        assertThat(search("Patient?identifier=" + chartMrn).path("total").asInt()).isZero();
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
