package io.chartbridge.app.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.run.MigrationRunner;
import io.chartbridge.app.run.RunOutcome;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.AuditEntry;
import io.chartbridge.core.review.CodeTableAdditions;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A code the mapping's table does not list, through the real pipeline: the run holds the record with an
 * UNMAPPED_CODE question that names the code, its column, system and table; choosing one of the table's codes
 * loads the record with that coding and audits the choice; a re-run applies the choice instead of asking again.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class UnmappedCodeReviewTest {

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    /** A Patient mapping whose marital status keeps an unknown code and asks for review. */
    static Path writeProject(Path dir) throws Exception {
        Files.writeString(dir.resolve("patients.csv"), "MRN,LAST_NAME,MARITAL\n700001,Testa,M\n700002,Testb,Q\n");
        ReviewFixtures.writeMaritalMapping(dir.resolve("mapping.yaml"));
        return ReviewFixtures.writeCsvProject(dir, "unmapped-code", "legacy-marital", """
                matching:
                  enabled: false
                """);
    }

    @Test
    void anUnknownCodeIsAskedWithItsTableAndTheChosenCodingIsLoadedAuditedAndKeptOnReRun() throws Exception {
        Project project = new ProjectLoader().load(writeProject(dir));

        RunOutcome first = runner.run(project);

        assertThat(first.summary().items(ItemState.LOADED)).isEqualTo(1);
        assertThat(first.summary().items(ItemState.NEEDS_REVIEW)).isEqualTo(1);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            ReviewQueue queue = new ReviewQueue(ledger, Duration.ofMinutes(30), Clock.systemUTC());
            ReviewItem item = queue.list(ReviewFilter.pending()).items().stream().map(i -> queue.get(i.id()))
                    .filter(i -> i.kind() == ReviewKind.UNMAPPED_CODE).findFirst().orElseThrow();
            assertThat(item.location()).isEqualTo("patients.csv:3");
            assertThat(item.reason()).isEqualTo("MARITAL: code not in table 'marital'; original coding kept")
                    .doesNotContain("Q");
            assertThat(item.payload().path("code").path("code").asText()).isEqualTo("Q");
            assertThat(item.payload().path("code").path("system").asText()).isEqualTo("urn:legacy:marital");
            assertThat(item.payload().path("sourceColumn").asText()).isEqualTo("MARITAL");
            assertThat(item.payload().path("codeTable").asText()).isEqualTo("marital");
            assertThat(item.payload().path("targetSystem").asText())
                    .contains("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus");
            assertThat(item.payload().path("targets").get(0).path("pointer").asText())
                    .isEqualTo("/maritalStatus/coding/0");
            CodeTables tables = new CodeTables();
            assertThat(tables.search(item.payload().path("codeTablePath").asText(), "widow"))
                    .extracting(CodeTables.TargetCode::code).containsExactly("W");

            ReviewService service = ReviewFixtures.releasingService(ledger, queue, project, tables);
            ReviewService.Decided decided = service.decide(item.id(), "reviewer", Decision.correct("W"));

            assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
            assertThat(ledger.itemState(item.itemId())).contains(ItemState.LOADED);
            List<AuditEntry> audit = queue.auditLog().forItem(item.id());
            assertThat(audit).filteredOn(e -> e.action().equals("DECIDE CORRECT_VALUE")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("reviewer");
                        assertThat(e.beforeJson()).contains("\"Q\"");
                        assertThat(e.afterJson()).contains("\"W\"");
                    });
        }
        assertThat(patientLine("700002")).contains("\"code\":\"W\"").contains("\"display\":\"Widowed\"")
                .contains("v3-MaritalStatus").doesNotContain("urn:legacy:marital");

        RunOutcome second = runner.run(project);

        assertThat(second.summary().items(ItemState.LOADED)).as("%s", second.problems()).isEqualTo(2);
        assertThat(second.summary().items(ItemState.NEEDS_REVIEW)).isZero();
        assertThat(second.summary().resources("UNCHANGED")).isEqualTo(2);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(new ReviewQueue(ledger).counts().getOrDefault(ReviewKind.UNMAPPED_CODE, 0L)).isZero();
        }
    }

    @Test
    void aCodeOutsideTheTableIsRefusedUntilAReviewerAddsItToTheTableWhichIsAuditedAndHoldsOnReRun() throws Exception {
        Project project = new ProjectLoader().load(writeProject(dir));
        runner.run(project);
        String v3 = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus";

        try (Ledger ledger = Ledger.open(project.ledger())) {
            ReviewQueue queue = new ReviewQueue(ledger, Duration.ofMinutes(30), Clock.systemUTC());
            ReviewItem item = queue.list(ReviewFilter.pending()).items().stream().map(i -> queue.get(i.id()))
                    .filter(i -> i.kind() == ReviewKind.UNMAPPED_CODE).findFirst().orElseThrow();
            CodeTables tables = new CodeTables(new CodeTableAdditions(ledger, Clock.systemUTC()));
            ReviewService service = ReviewFixtures.releasingService(ledger, queue, project, tables);

            for (String notInTheTable : List.of("<script>alert(1)</script>", "A", "w", "Widowed")) {
                assertThatThrownBy(() -> service.decide(item.id(), "reviewer", Decision.correct(notInTheTable)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("is not a code of the table marital");
            }
            assertThat(queue.get(item.id()).isPending()).isTrue();
            assertThat(ledger.itemState(item.itemId())).contains(ItemState.NEEDS_REVIEW);

            assertThatThrownBy(() -> service.addCode(item.id(), "reviewer", "urn:made-up", "A", "Annulled"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("system:");
            assertThatThrownBy(() -> service.addCode(item.id(), "reviewer", v3, "A\u202E", "Annulled"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+202E");
            assertThatThrownBy(() -> service.addCode(item.id(), "reviewer", v3, "W", "Widowed"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the table already");

            CodeTables.TargetCode added = service.addCode(item.id(), "reviewer", v3, "A", "Annulled");

            assertThat(added.addedBy()).isEqualTo("reviewer");
            assertThat(queue.auditLog().forItem(item.id())).filteredOn(e -> e.action().equals("ADD CODE TO TABLE"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("reviewer");
                        assertThat(e.afterJson()).contains("\"code\":\"A\"").contains(v3)
                                .contains("marital-status.csv");
                    });
            assertThat(tables.search(item.payload().path("codeTablePath").asText(), "annul"))
                    .extracting(CodeTables.TargetCode::code).containsExactly("A");
            assertThat(new CodeTables().find(item.payload().path("codeTablePath").asText(), "A"))
                    .as("the table file itself is not changed").isEmpty();

            ReviewService.Decided decided = service.decide(item.id(), "reviewer", Decision.correct("A"));
            assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        }
        assertThat(patientLine("700002")).contains("\"code\":\"A\"").contains("\"display\":\"Annulled\"")
                .contains(v3).doesNotContain("urn:legacy:marital").doesNotContain("script");

        RunOutcome second = runner.run(project);

        assertThat(second.summary().items(ItemState.NEEDS_REVIEW)).as("the added code is a code of the table")
                .isZero();
        assertThat(second.summary().resources("UNCHANGED")).isEqualTo(2);
    }

    private String patientLine(String mrn) throws Exception {
        return Files.readAllLines(dir.resolve("out/Patient.ndjson")).stream().filter(l -> l.contains(mrn))
                .reduce((a, b) -> b).orElseThrow();
    }
}
