package io.chartbridge.app.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.run.MigrationRunner;
import io.chartbridge.app.run.RunOutcome;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.review.ReviewQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Paper charts through the whole pipeline with real Tesseract: every page is a ledger item, every document is kept
 * as a DocumentReference (loaded, or held with its page for a person), the intake form becomes a Patient,
 * uncertain fields become OCR review items with their box, and a second run changes nothing.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class ScanMigrationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    @Test
    void everyScannedDocumentIsKeptAndLinkedAndUncertainFieldsWaitForAPerson() throws Exception {
        Path scans = Files.createDirectories(dir.resolve("scans"));
        for (String f : List.of("chart-0001.png", "chart-0011.tif")) {
            Files.copy(TestProjects.repo().resolve("test-fixtures/scans/" + f), scans.resolve(f));
        }
        Path file = dir.resolve("project.yaml");
        Files.writeString(file, """
                name: paper-charts
                sources:
                  - name: paper-charts
                    connector: scans
                    location: scans
                    mapping: %s
                target:
                  kind: ndjson
                """.formatted(TestProjects.repo().resolve("mappings/scans")));
        Project project = new ProjectLoader().load(file);

        RunOutcome outcome = runner.run(project);

        assertThat(outcome.completed()).as("%s", outcome.fatalError()).isTrue();
        assertThat(outcome.summary().received()).isEqualTo(3);
        assertThat(outcome.summary().items(ItemState.LOADED) + outcome.summary().items(ItemState.NEEDS_REVIEW))
                .as("%s", outcome.problems()).isEqualTo(3);

        List<JsonNode> documents = new ArrayList<>(lines(dir.resolve("out/DocumentReference.ndjson")));
        List<JsonNode> patients = new ArrayList<>(lines(dir.resolve("out/Patient.ndjson")));
        try (Ledger ledger = Ledger.open(project.ledger())) {
            List<ReviewItem> items = new ReviewQueue(ledger).list(ReviewFilter.pending()).items();
            // Pages are named as the source shows them (the scan's file name), in the ledger and in the queue.
            assertThat(ledger.query("select location from source_item where kind = 'PAGE'", rs -> rs.getString(1)))
                    .isNotEmpty().allSatisfy(l -> assertThat(l).matches("chart-00(01|11)\\.(png|tif) page \\d+"));
            assertThat(items).extracting(ReviewItem::location).allSatisfy(l -> assertThat(l).doesNotContain("/"));
            for (ReviewItem item : items) {
                assertThat(item.kind()).isIn(ReviewKind.OCR_FIELD, ReviewKind.UNMAPPED_CODE,
                        ReviewKind.INVALID_RESOURCE);
                if (item.kind() == ReviewKind.OCR_FIELD) {
                    assertThat(item.payload().path("scanFile").asText()).matches(".*chart-00(01|11)\\.(png|tif)");
                }
            }
            // Held records count once however many questions they raise.
            items.stream().map(ReviewItem::itemId).distinct().forEach(id -> {
                ReviewItem any = items.stream().filter(i -> i.itemId() == id).findFirst().orElseThrow();
                for (var r : ReviewPayloads.held(any.payload())) {
                    (r.type().equals("DocumentReference") ? documents : patients).add(r.json());
                }
            });
        }
        assertThat(documents).hasSize(2).allSatisfy(d -> {
            assertThat(d.path("content").get(0).path("attachment").path("contentType").asText())
                    .isEqualTo("application/pdf");
            assertThat(d.path("content").get(0).path("attachment").path("data").asText()).isNotEmpty();
        });
        assertThat(patients).anySatisfy(p -> assertThat(p.toString()).contains("FJ482170"));
        String nolan = patients.stream().filter(p -> p.toString().contains("FJ482170")).findFirst().orElseThrow()
                .path("id").asText();
        assertThat(documents).anySatisfy(d -> assertThat(d.path("subject").path("reference").asText())
                .isEqualTo("Patient/" + nolan));

        // Running again over the same scans changes nothing in the target: the PDF of a scan is the same bytes.
        RunOutcome again = runner.run(project);
        assertThat(again.summary().resources("CREATED")).isZero();
        assertThat(again.summary().resources("UPDATED")).as("resources sent again as changed").isZero();
        assertThat(again.summary().resources("UNCHANGED")).isPositive();
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
