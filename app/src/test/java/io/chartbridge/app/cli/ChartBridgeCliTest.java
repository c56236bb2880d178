package io.chartbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.ProjectIds;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees from the command line: one clear line and a non-zero exit for fatal errors, no stack traces. */
class ChartBridgeCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void missingProjectFileGivesOneLineAndExitOne() {
        Path missing = dir.resolve("nope/project.yaml");
        assertThat(run("run", missing.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chartbridge: Project file not found: " + missing + "\n");
    }

    @Test
    void unreachableTargetGivesOneLineAndExitOne() throws Exception {
        Path project = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: fhir\nurl: http://127.0.0.1:1/fhir");
        assertThat(run("run", project.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().satisfies(line ->
                assertThat(line).startsWith("chartbridge: ").contains("127.0.0.1:1").contains("unreachable"));
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingSourceFileGivesOneLineAndExitOne() throws Exception {
        Path project = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson");
        Files.delete(dir.resolve("patients.csv"));
        assertThat(run("run", project.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().satisfies(line ->
                assertThat(line).startsWith("chartbridge: ").contains("patients.csv"));
    }

    @Test
    void mapWritesResourcesAndListsQuarantinedRowsWithoutLoadingAnything() throws Exception {
        Path csv = dir.resolve("patients.csv");
        Files.writeString(csv, TestProjects.FIVE_ROWS);
        Path outDir = dir.resolve("dry");
        int code = run("map", "--mapping", TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml")
                .toString(), "--input", csv.toString(), "--out", outDir.toString());

        assertThat(code).isZero();
        assertThat(Files.readAllLines(outDir.resolve("Patient.ndjson"))).hasSize(3);
        assertThat(Files.readAllLines(outDir.resolve("quarantine.csv"))).hasSize(3)
                .anySatisfy(l -> assertThat(l).startsWith("\"patients.csv:4\",quarantined,"))
                .anySatisfy(l -> assertThat(l).startsWith("\"patients.csv:5\",quarantined,"));
        assertThat(out.toString()).contains("Mapped 5 records", "2 quarantined", "patients.csv:4")
                .contains("Resource ids: your own id secret (" + ProjectIds.userSecretFile() + ")")
                .doesNotContain("Coverage:");
        assertThat(dir.resolve(".chartbridge")).doesNotExist();
    }

    @Test
    void mapsQuarantineListNeverHoldsACellASpreadsheetWouldRunAsAFormula() throws Exception {
        // A file name is source data: "=HYPERLINK(...)" or "@SUM(...)" would run when quarantine.csv is opened.
        Path csv = dir.resolve("@SUM(A1)=1+1.csv");
        Files.writeString(csv, TestProjects.FIVE_ROWS);
        Path outDir = dir.resolve("dry");
        assertThat(run("map", "--mapping", TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml")
                .toString(), "--input", csv.toString(), "--out", outDir.toString())).isZero();

        assertThat(Files.readAllLines(outDir.resolve("quarantine.csv"))).hasSize(3)
                .filteredOn(l -> !l.startsWith("location,")).allSatisfy(l -> assertThat(l)
                        .startsWith("\"'@SUM(A1)=1+1.csv:"));
    }

    @Test
    void mapWithAProjectGivesTheIdsThatProjectsRunsGiveAndSaysWhichSecret() throws Exception {
        Path project = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson");
        Path outDir = dir.resolve("dry");
        int code = run("map", "--project", project.toString(), "--mapping", TestProjects.repo()
                .resolve("mappings/csv/legacy-emr-patient.yaml").toString(), "--input",
                dir.resolve("patients.csv").toString(), "--out", outDir.toString());

        assertThat(code).isZero();
        String id = ProjectIds.of(new ProjectLoader().load(project))
                .idFor("urn:chartbridge:source:legacy-emr", "Patient", "900001");
        assertThat(Files.readAllLines(outDir.resolve("Patient.ndjson")))
                .anySatisfy(l -> assertThat(l).contains("\"id\":\"" + id + "\""));
        assertThat(out.toString()).contains("Resource ids: the id secret of project test ("
                + dir.resolve(".chartbridge/id-secret") + ")");
    }

    @Test
    void mapTakesSeveralMappingsAndInputsInOneRunAndWritesWhatSeparateRunsWrite() throws Exception {
        Path export = TestProjects.repo().resolve("test-fixtures/csv/legacy-ehr-multi");
        String patientsMapping = TestProjects.repo().resolve("mappings/csv/legacy-ehr-multi-patients.yaml").toString();
        String encountersMapping = TestProjects.repo().resolve("mappings/csv/legacy-ehr-multi-encounters.yaml")
                .toString();
        // The encounters come with semicolons: the --option after the second --mapping is that input's alone.
        Path encounters = dir.resolve("encounters.csv");
        Files.writeString(encounters, Files.readString(export.resolve("encounters.csv")).replace(',', ';'));

        assertThat(run("map", "--mapping", patientsMapping, "--input", export.resolve("patients.csv").toString(),
                "--out", dir.resolve("patients").toString())).isZero();
        assertThat(run("map", "--mapping", encountersMapping, "--input", encounters.toString(),
                "--option", "delimiter=;", "--out", dir.resolve("encounters").toString())).isZero();
        out.getBuffer().setLength(0);
        int code = run("map", "--mapping", patientsMapping, "--input", export.resolve("patients.csv").toString(),
                "--mapping", encountersMapping, "--input", encounters.toString(), "--option", "delimiter=;",
                "--out", dir.resolve("both").toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .containsPattern("Mapped 4 records with legacy-ehr-multi-patients@\\d+: 1 quarantined")
                .containsPattern("Mapped 4 records with legacy-ehr-multi-encounters@\\d+: 1 quarantined")
                .containsPattern("Patient\\s+3 -> ").containsPattern("Encounter\\s+3 -> ")
                .containsPattern("records/s, peak heap \\d+ MB\n$");
        assertThat(dir.resolve("both/Patient.ndjson")).hasSameTextualContentAs(dir.resolve("patients/Patient.ndjson"));
        assertThat(dir.resolve("both/Encounter.ndjson"))
                .hasSameTextualContentAs(dir.resolve("encounters/Encounter.ndjson"));
        List<String> quarantine = new ArrayList<>(Files.readAllLines(dir.resolve("patients/quarantine.csv")));
        List<String> encounterProblems = Files.readAllLines(dir.resolve("encounters/quarantine.csv"));
        quarantine.addAll(encounterProblems.subList(1, encounterProblems.size()));
        assertThat(Files.readAllLines(dir.resolve("both/quarantine.csv"))).isEqualTo(quarantine);
    }

    @Test
    void aBrokenMappingAnywhereInTheListStopsTheRunBeforeAnyDataIsWritten() throws Exception {
        Path export = TestProjects.repo().resolve("test-fixtures/csv/legacy-ehr-multi");
        int code = run("map", "--mapping", TestProjects.repo().resolve("mappings/csv/legacy-ehr-multi-patients.yaml")
                        .toString(), "--input", export.resolve("patients.csv").toString(),
                "--mapping", dir.resolve("missing.yaml").toString(), "--input", export.resolve("encounters.csv")
                        .toString(), "--out", dir.resolve("dry").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().satisfies(line ->
                assertThat(line).startsWith("chartbridge: ").contains("missing.yaml"));
        assertThat(dir.resolve("dry")).doesNotExist();
    }

    @Test
    void checkWithAnInputListsTheColumnsItsHeaderLacksAndMapStopsAtOnce() throws Exception {
        Path csv = dir.resolve("patients.csv");
        // An export whose DOB column is called BIRTH_DATE: without the check every row would map without a birth date.
        Files.writeString(csv, TestProjects.FIVE_ROWS.replaceFirst(",DOB,", ",BIRTH_DATE,"));
        String mapping = TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml").toString();

        assertThat(run("map", "--check", "--mapping", mapping, "--input", csv.toString())).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("legacy-emr-patient\\.yaml:\\d+: column DOB is not in the header of patients\\.csv")
                .contains("1 problem(s)");

        assertThat(run("map", "--mapping", mapping, "--input", csv.toString(), "--out", dir.resolve("dry").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("column DOB (").contains("is read by the mapping but not in the file's header");
    }

    @Test
    void mapCoverageListsUsedAndIgnoredColumnsAndFillRates() throws Exception {
        Path csv = dir.resolve("patients.csv");
        // The export has a FAX column the mapping does not read.
        Files.writeString(csv, String.join("\n", TestProjects.FIVE_ROWS.lines().map(l -> l + (l.startsWith("MRN")
                ? ",FAX" : ",")).toList()) + "\n");
        int code = run("map", "--coverage", "--mapping", TestProjects.repo()
                .resolve("mappings/csv/legacy-emr-patient.yaml").toString(), "--input", csv.toString(),
                "--out", dir.resolve("dry").toString());

        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern("source paths used: .*MRN.*DOB")
                .containsPattern("source paths ignored: FAX")
                .containsPattern("Patient\\.birthDate\\s+100\\.0%  \\(3 of 3\\)")
                .containsPattern("Patient\\.telecom\\.value\\s+100\\.0%");
    }

    @Test
    void linkWritesEachPairAtOrAboveReviewWithItsExplanation() throws Exception {
        Path input = dir.resolve("patients.ndjson");
        Files.writeString(input, String.join("\n",
                patient("a-1", "Testperson", "Margaret", "1961-05-17", "14 Birch Lane", "62704"),
                patient("a-2", "Testperson", "Margaret", "1961-05-17", "14 Birch Lane", "62704"),
                patient("b-1", "Other", "Walter", "1944-11-02", "9 Cedar Rd", "61602")) + "\n");
        Path pairs = dir.resolve("pairs.csv");

        assertThat(run("link", "--input", input.toString(), "--out", pairs.toString())).isZero();

        java.util.List<String> lines = Files.readAllLines(pairs);
        assertThat(lines.get(0)).isEqualTo("left_id,right_id,probability,band,explanation");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).matches("a-[12],a-[12],(1\\.0+|0\\.9\\d*),MATCH,\".*\"\"fields\"\".*\"");
    }

    @Test
    void linkWithAMissingInputIsOneLine() {
        assertThat(run("link", "--input", dir.resolve("none.ndjson").toString(), "--out",
                dir.resolve("p.csv").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("chartbridge: Input file not found:");
    }

    private static String patient(String id, String family, String given, String birth, String line, String zip) {
        return ("{\"resourceType\":\"Patient\",\"id\":\"%s\",\"name\":[{\"family\":\"%s\",\"given\":[\"%s\"]}],"
                + "\"gender\":\"female\",\"birthDate\":\"%s\",\"address\":[{\"line\":[\"%s\"],\"postalCode\":\"%s\"}]}")
                .formatted(id, family, given, birth, line, zip);
    }

    @Test
    void runPrintsTheSummaryAndExitsZeroEvenWithQuarantinedRows() throws Exception {
        Path project = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson");
        assertThat(run("run", project.toString())).isZero();
        assertThat(out.toString()).containsPattern("received\\s+5 records in 1 file")
                .containsPattern("loaded\\s+3").containsPattern("quarantined\\s+2")
                .contains("Resources: 3 new, 0 updated, 0 unchanged, 0 failed");

        out.getBuffer().setLength(0);
        assertThat(run("run", project.toString())).isZero();
        assertThat(out.toString()).contains("Resources: 0 new, 0 updated, 3 unchanged, 0 failed");

        out.getBuffer().setLength(0);
        assertThat(run("status", "--project", project.toString())).isZero();
        assertThat(out.toString()).contains("Run 2 of project 'test': COMPLETED").containsPattern("loaded\\s+3");
    }

    @Test
    void statusListsTheOpenReviewItemsByKindAndLeavesOutAnsweredOnes() throws Exception {
        // The multi-file export's patients: line 4 has a race code the table does not know (UNMAPPED_CODE) and a ZIP
        // that lost its leading zero (restored, INVALID_RESOURCE).
        Path project = dir.resolve("project.yaml");
        Files.writeString(project, """
                name: review-kinds
                sources:
                  - name: legacy-ehr-patients
                    connector: csv
                    location: %s
                    mapping: %s
                target:
                  kind: ndjson
                """.formatted(TestProjects.repo().resolve("test-fixtures/csv/legacy-ehr-multi/patients.csv"),
                TestProjects.repo().resolve("mappings/csv/legacy-ehr-multi-patients.yaml")));
        assertThat(run("run", project.toString())).isZero();

        out.getBuffer().setLength(0);
        assertThat(run("status", "--project", project.toString())).isZero();
        assertThat(out.toString()).contains("Review queue: 2 open item(s), all runs")
                .containsPattern("(?m)^  UNMAPPED_CODE +1$").containsPattern("(?m)^  INVALID_RESOURCE +1$")
                .doesNotContain("POSSIBLE_MATCH", "OCR_FIELD", "UNKNOWN_PATIENT");

        try (Ledger ledger = Ledger.open(new ProjectLoader().load(project).ledger())) {
            ReviewQueue queue = new ReviewQueue(ledger);
            ReviewItem zip = queue.list(ReviewFilter.pending()).items().stream()
                    .filter(i -> i.kind() == ReviewKind.INVALID_RESOURCE).findFirst().orElseThrow();
            queue.claim(zip.id(), "reviewer");
            queue.decide(zip.id(), "reviewer", Decision.quarantine("not our patient"));
        }
        // Quarantining the record answers both of its questions.
        out.getBuffer().setLength(0);
        assertThat(run("status", "--project", project.toString())).isZero();
        assertThat(out.toString()).contains("Review queue: nothing open").doesNotContain("UNMAPPED_CODE");
    }

    @Test
    void statusSaysSoWhenNothingWaitsForReview() throws Exception {
        Path project = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson");
        assertThat(run("run", project.toString())).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("status", "--project", project.toString())).isZero();
        assertThat(out.toString()).contains("Review queue: nothing open");
    }
}
