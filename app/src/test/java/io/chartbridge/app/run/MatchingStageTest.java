package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.PipelineApplication;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The match stage within a run: a legacy duplicate (same person under a second MRN) is held for a person with its
 * candidate and explanation instead of being linked or loaded as a new patient; a person's decision is applied on
 * the next run instead of asking again.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class MatchingStageTest {

    private static final String ROWS = TestProjects.HEADER
            + "800001,,Testperson,Margaret,,1961-05-17,F,14 Birch Lane,,Springfield,IL,62704,217-555-0144,\n"
            + "800002,,Other,Walter,,1944-11-02,M,9 Cedar Rd,,Peoria,IL,61602,309-555-0190,\n"
            + "800099,,Testperson,Margaret,,1961-05-17,F,14 Birch Lane,,Springfield,IL,62704,217-555-0144,\n";

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    private Project project(String matching) throws Exception {
        Path file = TestProjects.write(dir, ROWS, "kind: ndjson");
        Files.writeString(file, Files.readString(file) + "matching:\n  enabled: true\n" + matching);
        return new ProjectLoader().load(file);
    }

    @Test
    void aLegacyDuplicateWithTheSameDemographicsIsLinkedToTheFirstRecordNotLoadedAsASecondPatient() throws Exception {
        Project project = project("");
        RunOutcome run = runner.run(project);

        assertThat(run.summary().items(ItemState.LOADED)).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("out/Patient.ndjson"))).hasSize(2);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            List<String> outcomes = ledger.query("select outcome from decision where kind = 'MATCH' order by id",
                    rs -> rs.getString(1));
            // The map stage has two consumers, so either Margaret may reach the matcher first: one of the two is
            // linked to the other, Walter is new.
            assertThat(outcomes).containsExactlyInAnyOrder("NO_MATCH", "NO_MATCH", "MATCH");
            assertThat(ledger.query("select i.location from item_transition t join source_item i on t.item_id = i.id"
                    + " where t.state = 'MATCHED' and t.reason like 'linked to Patient/%'", rs -> rs.getString(1)))
                    .singleElement().isIn("patients.csv:2", "patients.csv:4");
        }
    }

    @Test
    void theLedgerKeepsEachMatchDecisionsScoresAndLevelsButNoneOfThePatientsValues() throws Exception {
        Project project = project("");
        runner.run(project);

        try (Ledger ledger = Ledger.open(project.ledger())) {
            List<String> details = ledger.query("select detail from decision where kind = 'MATCH'",
                    rs -> rs.getString(1));
            assertThat(details).hasSize(3).allSatisfy(d -> assertThat(d.toUpperCase(java.util.Locale.ROOT))
                    .doesNotContain("TESTPERSON", "MARGARET", "WALTER", "1961-05-17", "19610517", "1944-11-02",
                            "217-555-0144", "2175550144", "BIRCH", "62704", "SPRINGFIELD", "800001", "800099"));
            assertThat(details).anySatisfy(d -> assertThat(d).contains("\"band\":\"MATCH\"")
                    .contains("\"level\":\"family_name_exact\"").contains("\"score\":")
                    .contains("\"probability\":"));
        }
    }

    @Test
    void aPairBetweenTheThresholdsIsHeldForReviewAndThePersonsDecisionHoldsOnTheNextRun() throws Exception {
        // Thresholds above what even identical demographics reach: the duplicate lands between them.
        Project project = project("  matchThreshold: 0.99999999\n  reviewThreshold: 0.5\n");
        RunOutcome first = runner.run(project);

        assertThat(first.summary().items(ItemState.LOADED)).as("%s", first.problems()).isEqualTo(2);
        assertThat(first.summary().items(ItemState.NEEDS_REVIEW)).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("out/Patient.ndjson"))).hasSize(2);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            ReviewQueue queue = new ReviewQueue(ledger);
            List<ReviewItem> items = queue.list(ReviewFilter.pending()).items();
            assertThat(items).singleElement().satisfies(i -> {
                assertThat(i.kind().isMatch()).isTrue();
                assertThat(i.location()).isEqualTo("patients.csv:4");
                assertThat(i.payload().path("candidates")).isNotEmpty();
                assertThat(i.payload().path("candidates").get(0).path("explanation").path("fields")).isNotEmpty();
            });
            assertThat(ledger.query("select count(*) from decision where run_id = ? and kind = 'MATCH'",
                    rs -> rs.getLong(1), first.summary().run().id())).containsExactly(3L);

            ReviewItem held = items.get(0);
            queue.claim(held.id(), "reviewer1");
            queue.decide(held.id(), "reviewer1", Decision.createNew());
        }

        RunOutcome second = runner.run(project);
        assertThat(second.summary().items(ItemState.NEEDS_REVIEW)).isZero();
        assertThat(second.summary().items(ItemState.LOADED)).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("out/Patient.ndjson"))).hasSize(3);
    }

    @Test
    void aRecordWhosePatientIsNowhereIsAskedAboutAsUnknownPatientAndOneWhosePatientComesLaterIsLoaded()
            throws Exception {
        // Notes are read first, so they reach the match stage before the patients they refer to: one note's patient
        // comes later in the run (800002), the other's (777777) is in no source and not in the target.
        Files.writeString(dir.resolve("notes.csv"), "NOTE_ID,MRN,TEXT\nn-1,800002,Seen today\nn-2,777777,Seen too\n");
        Files.writeString(dir.resolve("notes.yaml"), """
                mapping: test-notes
                version: 1
                sourceSystem: urn:chartbridge:source:legacy-emr
                resources:
                  - resource: Observation
                    key: "{NOTE_ID}"
                    fields:
                      - path: status
                        const: final
                      - path: code.text
                        from: TEXT
                      - path: subject.reference
                        ref: { resource: Patient, key: "{MRN}" }
                """);
        Path file = TestProjects.write(dir, ROWS, "kind: ndjson");
        String yaml = Files.readString(file).replace("sources:\n", """
                sources:
                  - name: legacy-notes
                    connector: csv
                    location: notes.csv
                    mapping: notes.yaml
                """);
        Files.writeString(file, yaml + "matching:\n  enabled: true\n");
        Project project = new ProjectLoader().load(file);

        RunOutcome run = runner.run(project);

        assertThat(run.summary().items(ItemState.FAILED)).as("%s", run.problems()).isZero();
        assertThat(run.summary().items(ItemState.LOADED)).isEqualTo(4);
        assertThat(run.summary().items(ItemState.NEEDS_REVIEW)).isEqualTo(1);
        String walter = Files.readAllLines(dir.resolve("out/Patient.ndjson")).stream()
                .filter(l -> l.contains("800002")).findFirst().orElseThrow();
        String walterId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(walter).path("id").asText();
        assertThat(Files.readAllLines(dir.resolve("out/Observation.ndjson"))).singleElement()
                .satisfies(l -> assertThat(l).contains("\"reference\":\"Patient/" + walterId + "\""));
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(new ReviewQueue(ledger).list(ReviewFilter.pending()).items()).singleElement().satisfies(i -> {
                assertThat(i.kind()).isEqualTo(io.chartbridge.core.review.ReviewKind.UNKNOWN_PATIENT);
                assertThat(i.location()).isEqualTo("notes.csv:3");
                assertThat(i.reason()).contains("no patient with this id");
            });
        }
    }

    /** The latest version of each Patient in the NDJSON target (an update appends), by id. */
    private java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> latestPatients() throws Exception {
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byId = new java.util.LinkedHashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("out/Patient.ndjson"))) {
            com.fasterxml.jackson.databind.JsonNode p = json.readTree(line);
            byId.put(p.path("id").asText(), p);
        }
        return byId;
    }

    @Test
    void aLinkedDuplicatesRecordNumberAddressAndPhoneAreKeptOnThePatientAndARerunChangesNothing() throws Exception {
        // Margaret registered twice: the second time after a move, with a new phone and e-mail, under a second MRN.
        Path file = TestProjects.write(dir, TestProjects.HEADER
                + "800001,,Testperson,Margaret,,1961-05-17,F,14 Birch Lane,,Springfield,IL,62704,217-555-0144,\n"
                + "800002,,Other,Walter,,1944-11-02,M,9 Cedar Rd,,Peoria,IL,61602,309-555-0190,\n"
                + "800099,,Testperson,Margaret,,1961-05-17,F,77 Quarry Rd,,Peoria,IL,61603,309-555-0123,"
                + "mt@example.org\n", "kind: ndjson");
        Files.writeString(file, Files.readString(file) + "matching:\n  enabled: true\n");
        Project project = new ProjectLoader().load(file);

        RunOutcome first = runner.run(project);

        assertThat(first.summary().items(ItemState.LOADED)).as("%s", first.problems()).isEqualTo(3);
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> patients = latestPatients();
        assertThat(patients).as("Margaret once, Walter once").hasSize(2);
        com.fasterxml.jackson.databind.JsonNode margaret = patients.values().stream()
                .filter(p -> p.toString().contains("Margaret")).findFirst().orElseThrow();
        // Whichever of her records came first is the patient; the other's data is kept on it, nothing is lost.
        assertThat(margaret.path("identifier")).extracting(i -> i.path("value").asText())
                .contains("800001", "800099");
        assertThat(margaret.path("identifier")).extracting(i -> i.path("system").asText()).containsOnly(
                margaret.path("identifier").get(0).path("system").asText());
        assertThat(margaret.path("address")).hasSize(2).extracting(a -> a.path("line").get(0).asText())
                .containsExactlyInAnyOrder("14 Birch Lane", "77 Quarry Rd");
        assertThat(margaret.path("address")).filteredOn(a -> "old".equals(a.path("use").asText())).hasSize(1);
        assertThat(margaret.path("telecom")).extracting(t -> t.path("value").asText())
                .contains("+12175550144", "+13095550123", "mt@example.org");
        assertThat(margaret.path("name")).as("the same name is not added twice").hasSize(1);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            io.chartbridge.core.reporting.MatchingCounts counts = new io.chartbridge.core.reporting.LedgerReports(
                    ledger, java.time.Clock.systemUTC()).matchingCounts(first.summary().run().id());
            assertThat(counts).isEqualTo(new io.chartbridge.core.reporting.MatchingCounts(1, 1));
        }

        RunOutcome second = runner.run(project);

        assertThat(second.summary().resources("CREATED")).isZero();
        assertThat(second.summary().resources("UPDATED")).as("the merged patient is rebuilt the same").isZero();
        assertThat(latestPatients().get(margaret.path("id").asText())).isEqualTo(margaret);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(new io.chartbridge.core.reporting.LedgerReports(ledger, java.time.Clock.systemUTC())
                    .matchingCounts(second.summary().run().id()).merged()).as("nothing new merged").isZero();
        }
    }
}
