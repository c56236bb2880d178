package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * One record key twice in one run, against the sandbox EHR: an HL7 v2 A01 and a later A08 of the same patient (and
 * a CSV export whose mapping lets a later row update an earlier one). The later record in source order is what the
 * target ends up holding, and the ledger says that record UPDATED the resource the earlier one CREATED.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class SameKeyInOneRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SandboxProcess sandbox;

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    /** Letters of this execution's own, so that a sandbox used before holds no patient matching finds. */
    private static final String UNIQUE = Long.toString(System.currentTimeMillis(), 26).chars()
            .mapToObj(c -> String.valueOf((char) (Character.isDigit(c) ? 'a' + c - '0' : c + 10)))
            .reduce("", String::concat);

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxProcess.shared(TestProjects.repo());
    }

    /** An A01 registers the patient, the A08 of the same file corrects the birth date; both in one run. */
    private static final String ADT = String.join("\r",
            "MSH|^~\\&|LEGACYADT|SYNTH_CLINIC|CHARTBRIDGE|CB|20240304090100||ADT^A01^ADT_A01|MSG1|P|2.5",
            "EVN|A01|20240304090100",
            "PID|1||%1$s^^^SYNTH_CLINIC^MR||%2$s^%2$s||%3$s01|M|||1 Old Road %2$s^^Springfield^IL^62701",
            "PV1|1|O",
            "MSH|^~\\&|LEGACYADT|SYNTH_CLINIC|CHARTBRIDGE|CB|20240304090300||ADT^A08^ADT_A01|MSG2|P|2.5",
            "EVN|A08|20240304090300",
            "PID|1||%1$s^^^SYNTH_CLINIC^MR||%2$s^%2$s||%3$s02|M|||2 New Street %2$s^^Springfield^IL^62702",
            "PV1|1|O", "");

    @ParameterizedTest(name = "target mode {0}")
    @ValueSource(strings = {"put", "conditional"})
    void anA08AfterItsA01InOneRunUpdatesThePatientAndTheLedgerSaysUpdated(String mode) throws Exception {
        String mrn = "SK" + UNIQUE + mode.toUpperCase();
        // A name of its own per case, so that matching finds no other case's patient.
        Files.writeString(dir.resolve("feed.hl7"), ADT.formatted(mrn, "Samekey" + UNIQUE + mode,
                mode.equals("put") ? "196201" : "197103"));
        Project project = project(mode, """
                  - name: adt-feed
                    connector: hl7v2
                    location: feed.hl7
                    mapping: %s
                """.formatted(TestProjects.repo().resolve("mappings/hl7v2/hl7v2-adt.yaml")));

        RunOutcome run = runner.run(project);

        assertThat(run.completed()).as("%s %s", run.fatalError(), run.problems()).isTrue();
        JsonNode patient = onlyPatient("urn:oid:2.16.840.1.113883.3.9999.3", mrn);
        assertThat(patient.path("birthDate").asText()).as("the A08's birth date")
                .isEqualTo(mode.equals("put") ? "1962-01-02" : "1971-03-02");
        assertThat(patient.path("address").toString()).contains("2 New Street").doesNotContain("1 Old Road");
        assertThat(patientOutcomes(project, run)).containsExactly("feed.hl7 message 1 CREATED", "feed.hl7 message 2 UPDATED");

        RunOutcome again = runner.run(project);
        assertThat(again.summary().resources("CREATED") + again.summary().resources("UPDATED"))
                .as("a re-run sends nothing").isZero();
        assertThat(onlyPatient("urn:oid:2.16.840.1.113883.3.9999.3", mrn).path("birthDate").asText())
                .isEqualTo(patient.path("birthDate").asText());
    }

    /**
     * A CSV export whose mapping lets a later row update an earlier one ({@code duplicateKey: update}): the first and
     * the last of 400 rows give one MRN. The rows are mapped in chunks side by side and sent in concurrent batches of
     * ten, so the two reach the load stage in either order; the last row is what the target keeps.
     */
    @org.junit.jupiter.api.Test
    void theLastOfTwoCsvRowsWithOneMrnIsWhatTheTargetKeepsWhenTheirBatchesAreSentConcurrently() throws Exception {
        String mapping = Files.readString(TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml"))
                .replace("../code-tables/", TestProjects.repo().resolve("mappings/code-tables") + "/")
                .replace("    key: \"{MRN}\"\n", "    key: \"{MRN}\"\n    duplicateKey: update\n");
        Files.writeString(dir.resolve("patients-update.yaml"), mapping);
        StringBuilder csv = new StringBuilder(TestProjects.HEADER);
        String first = "870001" + UNIQUE + ",,Rowfirst" + UNIQUE + ",Quentin,,1950-05-05,M,";
        csv.append(first).append("1 First Row Road,,Springfield,IL,62701,,\n");
        for (int i = 2; i < 400; i++) {
            csv.append(870000 + i).append(UNIQUE).append(",,Filler").append(UNIQUE).append(Integer.toString(i, 36))
                    .append(",Zed,,19")
                    .append(10 + i % 80).append("-0").append(1 + i % 9).append("-1").append(i % 9)
                    .append(",F,").append(i).append(" Filler Street,,Springfield,IL,62701,,\n");
        }
        csv.append(first).append("400 Last Row Road,,Springfield,IL,62701,,\n");
        Files.writeString(dir.resolve("patients.csv"), csv);
        Project project = project("put", """
                  - name: emr
                    connector: csv
                    location: patients.csv
                    mapping: patients-update.yaml
                """, false);

        RunOutcome run = runner.run(project);

        assertThat(run.completed()).as("%s %s", run.fatalError(), run.problems()).isTrue();
        JsonNode patient = onlyPatient("urn:oid:2.16.840.1.113883.3.9999.1", "870001" + UNIQUE);
        assertThat(patient.path("address").toString()).contains("400 Last Row Road").doesNotContain("First Row");
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(ledger.query("select i.location, r.outcome from run_resource r join source_item i on i.id ="
                    + " r.item_id where r.run_id = ? and r.resource_id = (select resource_id from run_resource r2"
                    + " join source_item i2 on i2.id = r2.item_id where i2.location like '%:401') order by i.id",
                    rs -> rs.getString(1).replaceAll(".*/", "") + " " + rs.getString(2), run.summary().run().id()))
                    // In source order: created, then updated; or the last row first, the first then superseded.
                    .isIn(List.of("patients.csv:2 CREATED", "patients.csv:401 UPDATED"),
                            List.of("patients.csv:2 UNCHANGED", "patients.csv:401 CREATED"));
        }
        // A re-run sends the two rows again when their batches differ (the first row's batch does not know the last
        // row is still in the export); the last row is still what the target keeps.
        runner.run(project);
        assertThat(onlyPatient("urn:oid:2.16.840.1.113883.3.9999.1", "870001" + UNIQUE).path("address").toString())
                .contains("400 Last Row Road").doesNotContain("First Row");
    }

    private Project project(String mode, String sources) throws Exception {
        return project(mode, sources, true);
    }

    private Project project(String mode, String sources, boolean matching) throws Exception {
        Path file = dir.resolve("project.yaml");
        Files.writeString(file, """
                name: same-key
                sources:
                %s
                target:
                  kind: fhir
                  url: %s
                  mode: %s
                  bundleSize: 10
                matching:
                  enabled: %s
                  matchThreshold: 0.99
                  reviewThreshold: 0.80
                """.formatted(sources.stripTrailing(), sandbox.baseUrl(), mode, matching));
        return new ProjectLoader().load(file);
    }

    /** The Patient load of every item of the run, in source order: "location OUTCOME". */
    private static List<String> patientOutcomes(Project project, RunOutcome run) {
        try (Ledger ledger = Ledger.open(project.ledger())) {
            return ledger.query("select i.location, r.outcome from run_resource r join source_item i on i.id ="
                            + " r.item_id where r.run_id = ? and r.resource_type = 'Patient' order by i.id",
                    rs -> rs.getString(1).replaceAll(".*/", "") + " " + rs.getString(2), run.summary().run().id());
        }
    }

    private static JsonNode onlyPatient(String system, String value) throws Exception {
        JsonNode found = JSON.readTree(sandbox.get("Patient?identifier="
                + URLEncoder.encode(system + "|" + value, StandardCharsets.UTF_8)));
        assertThat(found.path("total").asInt()).as("patients with %s", value).isEqualTo(1);
        return found.path("entry").get(0).path("resource");
    }
}
