package io.chartbridge.core.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemProblem;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.LoadOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures the dashboard, report and status share, over a small ledger written through the Ledger API (H2). */
class LedgerReportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "ndjson:/tmp/out";

    @TempDir
    Path dir;

    private Ledger ledger;
    private LedgerReports reports;

    @BeforeEach
    void open() throws Exception {
        ledger = openLedger();
        reports = new LedgerReports(ledger);
    }

    /** The embedded H2 file ledger; {@link LedgerReportsPostgresIT} runs the same tests on PostgreSQL. */
    protected Ledger openLedger() throws Exception {
        return Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    /**
     * Run 1: source "emr" has 4 rows (2 loaded, 1 quarantined "row has 3 fields", 1 held for review), source "lab"
     * has 3 rows (1 loaded, 1 quarantined "row has 5 fields", 1 failed load). Resources: 3 Patients created from
     * emr and lab, 1 Observation failed.
     */
    private long firstRun() {
        long run = ledger.startRun("p", "project.yaml", TARGET);
        long emrFile = ledger.recordItem(run, null, "emr", ItemKind.FILE, SourceLocation.ofFile("emr.csv"), "f1",
                ItemState.LOADED, null);
        loaded(run, emrFile, "emr", 2, "Patient", "p1", "h1");
        loaded(run, emrFile, "emr", 3, "Patient", "p2", "h2");
        row(run, emrFile, "emr", 4, ItemState.QUARANTINED, "row has 3 fields, header has 14");
        row(run, emrFile, "emr", 5, ItemState.NEEDS_REVIEW, "gender: code 'X' not in table gender");
        long labFile = ledger.recordItem(run, null, "lab", ItemKind.FILE, SourceLocation.ofFile("lab.csv"), "f2",
                ItemState.LOADED, null);
        loaded(run, labFile, "lab", 2, "Patient", "p3", "h3");
        row(run, labFile, "lab", 3, ItemState.QUARANTINED, "row has 5 fields, header has 14");
        long failed = row(run, labFile, "lab", 4, ItemState.MAPPED, null);
        ledger.recordLoad(run, failed, TARGET, resource("Observation", "o1", "h4"),
                LoadOutcome.failed("Observation", "o1", "HTTP 422: invalid code"));
        ledger.transition(failed, ItemState.FAILED, "target refused Observation/o1: HTTP 422");
        return run;
    }

    private long row(long run, long file, String source, long line, ItemState state, String reason) {
        return ledger.recordItem(run, file, source, ItemKind.ROW, SourceLocation.ofLine(source + ".csv", line),
                source + line, state, reason);
    }

    private void loaded(long run, long file, String source, long line, String type, String id, String hash) {
        long item = row(run, file, source, line, ItemState.MAPPED, null);
        ledger.recordLoad(run, item, TARGET, resource(type, id, hash),
                new LoadOutcome(type, id, LoadOutcome.Status.CREATED, id, "1", null));
        ledger.transition(item, ItemState.LOADED, null);
    }

    private static MappedResource resource(String type, String id, String hash) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", type).put("id", id);
        return new MappedResource(type, id, json, null, hash);
    }

    @Test
    void countsByStageArePerSourceAndAddUpToTheRunTotal() {
        long run = firstRun();
        ledger.finishRun(run, RunStatus.COMPLETED, null);

        RunProgress p = reports.progress(run);

        assertThat(p.sources()).extracting(SourceProgress::source).containsExactly("emr", "lab");
        SourceProgress emr = p.sources().get(0);
        assertThat(emr.received()).isEqualTo(4);
        assertThat(emr.count(ItemState.LOADED)).isEqualTo(2);
        assertThat(emr.count(ItemState.QUARANTINED)).isEqualTo(1);
        assertThat(emr.count(ItemState.NEEDS_REVIEW)).isEqualTo(1);
        assertThat(p.total().received()).isEqualTo(7).isEqualTo(ledger.summary(run).received());
        assertThat(p.total().count(ItemState.FAILED)).isEqualTo(1);
        assertThat(p.total().inFlight()).isZero();
        assertThat(p.total().percentSettled()).isEqualTo(100);
        assertThat(p.resources("CREATED")).isEqualTo(3);
        assertThat(p.resources("FAILED")).isEqualTo(1);
        assertThat(p.eta()).isZero();
        assertThat(p.throughput().stream().mapToLong(ThroughputBucket::settled).sum()).isEqualTo(7);
    }

    @Test
    void recordsStillMovingAreInFlightAndGiveAnEta() {
        long run = firstRun();
        long file = ledger.recordItem(run, null, "emr", ItemKind.FILE, SourceLocation.ofFile("more.csv"), "f3",
                ItemState.RECEIVED, null);
        row(run, file, "emr", 9, ItemState.MAPPED, null);

        RunProgress p = reports.progress(run);

        assertThat(p.total().inFlight()).isEqualTo(1);
        assertThat(p.total().percentSettled()).isEqualTo(87);
        assertThat(p.recentPerSecond()).isPositive();
        assertThat(p.eta()).isNotNull().isPositive();
    }

    @Test
    void problemsAreGroupedByReasonWithNumbersSetAsideAndDrillDownListsTheirRecords() {
        long run = firstRun();

        List<ErrorCategory> categories = reports.errorCategories(run);

        assertThat(categories).hasSize(2);
        ErrorCategory fields = categories.get(0);
        assertThat(fields.count()).isEqualTo(2);
        assertThat(fields.state()).isEqualTo(ItemState.QUARANTINED);
        assertThat(fields.label()).isEqualTo("row has # fields, header has #");
        assertThat(reports.problems(run, fields.key())).extracting(ItemProblem::location)
                .containsExactly("emr.csv:4", "lab.csv:3");
        assertThat(categories.get(1).state()).isEqualTo(ItemState.FAILED);
        assertThat(categories.get(1).label()).as("HTTP status codes are kept")
                .isEqualTo("target refused Observation/o#: HTTP 422");
        assertThat(reports.problems(run, categories.get(1).key())).extracting(ItemProblem::location)
                .containsExactly("lab.csv:4");
    }

    @Test
    void reconciliationAccountsForEveryRecordPerSourceAndResourcesPerType() {
        long run = firstRun();

        List<SourceReconciliation> rec = reports.reconciliation(run);

        assertThat(rec).extracting(SourceReconciliation::source).containsExactly("emr", "lab");
        SourceReconciliation lab = rec.get(1);
        assertThat(lab.received()).isEqualTo(3);
        assertThat(lab.loaded()).isEqualTo(1);
        assertThat(lab.quarantined()).isEqualTo(1);
        assertThat(lab.failed()).isEqualTo(1);
        assertThat(lab.balanced()).isTrue();
        assertThat(lab.types()).containsExactly(new TypeReconciliation("Observation", 1, 0, 1),
                new TypeReconciliation("Patient", 1, 1, 0));
        assertThat(rec.get(0).pendingReview()).isEqualTo(1);
    }

    @Test
    void reviewBacklogCountsHeldRecordsAndOpenQueueItemsWithTheOldestWaiting() {
        long run = firstRun();
        long held = ledger.problems(run).isEmpty() ? 0 : ledger.query(
                "select id from source_item where state = 'NEEDS_REVIEW'", rs -> rs.getLong(1)).get(0);
        new ReviewQueue(ledger).add(new NewReviewItem(run, held, ReviewKind.UNMAPPED_CODE, "emr", "emr.csv:5", "emr5",
                "gender", "gender: code not in table", JSON.createObjectNode()));

        ReviewBacklog backlog = reports.backlog(run);

        assertThat(backlog.heldRecords()).isEqualTo(1);
        assertThat(backlog.openReviewItems()).isEqualTo(1);
        assertThat(backlog.oldestHeldSince()).isNotNull();
        assertThat(reports.openReviewItemsByKind(run)).containsEntry("UNMAPPED_CODE", 1L);

        // A question outlives its run: the next run's dashboard still counts it in the review queue (all runs),
        // while the records held are the run's own.
        long next = ledger.startRun("p", "project.yaml", TARGET);
        assertThat(reports.backlog(next).openReviewItems()).isEqualTo(1);
        assertThat(reports.backlog(next).heldRecords()).isZero();
    }

    @Test
    void comparingTwoRunsFindsNewChangedAndRemovedResourcesPerType() {
        long first = firstRun();
        long second = ledger.startRun("p", "project.yaml", TARGET);
        long file = ledger.recordItem(second, null, "emr", ItemKind.FILE, SourceLocation.ofFile("emr.csv"), "f1",
                ItemState.LOADED, null);
        loaded(second, file, "emr", 2, "Patient", "p1", "h1");
        loaded(second, file, "emr", 3, "Patient", "p2", "h2-changed");
        loaded(second, file, "emr", 6, "Patient", "p9", "h9");

        RunComparison c = reports.compare(first, second);

        assertThat(c.types()).containsExactly(new TypeComparison("Observation", 0, 0, 1, 0),
                new TypeComparison("Patient", 1, 1, 1, 1));
        assertThat(c.added()).isEqualTo(1);
        assertThat(c.removed()).isEqualTo(2);
    }

    @Test
    void readBackSampleComparesCanonicalHashesAndReportsMissingAndDifferentResources() {
        long run = ledger.startRun("p", "project.yaml", TARGET);
        long file = ledger.recordItem(run, null, "emr", ItemKind.FILE, SourceLocation.ofFile("emr.csv"), "f1",
                ItemState.LOADED, null);
        ObjectNode ada = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p1").put("gender", "female");
        ObjectNode ben = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p2").put("gender", "male");
        long a = row(run, file, "emr", 2, ItemState.MAPPED, null);
        ledger.recordLoad(run, a, TARGET, new MappedResource("Patient", "p1", ada, null,
                CanonicalResourceHash.of(ada)), new LoadOutcome("Patient", "p1", LoadOutcome.Status.CREATED, "p1",
                "1", null));
        long b = row(run, file, "emr", 3, ItemState.MAPPED, null);
        ledger.recordLoad(run, b, TARGET, new MappedResource("Patient", "p2", ben, null,
                CanonicalResourceHash.of(ben)), new LoadOutcome("Patient", "p2", LoadOutcome.Status.CREATED, "p2",
                "1", null));
        loaded(run, file, "emr", 4, "Patient", "p3", "h3");

        ResourceReader target = r -> switch (r.resourceId()) {
            case "p1" -> Optional.of(ada.deepCopy().set("meta", JSON.createObjectNode().put("versionId", "7")));
            case "p2" -> Optional.of(ben.deepCopy().put("gender", "unknown").put("birthDate", "1970-01-01"));
            default -> Optional.empty();
        };
        ReadBackSample.Result result = new ReadBackSample(ledger).check(run, 10, target);

        assertThat(result.checks()).hasSize(3);
        assertThat(result.count(ReadBackCheck.Verdict.SAME)).isEqualTo(1);
        assertThat(result.count(ReadBackCheck.Verdict.DIFFERENT)).isEqualTo(1);
        assertThat(result.count(ReadBackCheck.Verdict.MISSING)).isEqualTo(1);

        // Given what was sent, the differing check names the fields, and never their values.
        ReadBackSample.Result named = new ReadBackSample(ledger).check(run, 10, target, (id, resources) ->
                Map.of(resources.get(0), new SentContent.Sent(ben, null)));
        assertThat(named.checks()).filteredOn(c -> c.verdict() == ReadBackCheck.Verdict.DIFFERENT).singleElement()
                .satisfies(c -> {
                    assertThat(c.resource().resourceId()).isEqualTo("p2");
                    assertThat(c.differingPaths()).containsExactly("birthDate", "gender");
                    assertThat(c.detail()).isEqualTo("differs at birthDate, gender").doesNotContain("male");
                });
    }

    @Test
    void fillRatesCountEveryProducedResourceOfTheRunNotASample() {
        long run = ledger.startRun("p", "project.yaml", TARGET);
        long file = ledger.recordItem(run, null, "emr", ItemKind.FILE, SourceLocation.ofFile("emr.csv"), "f1",
                ItemState.LOADED, null);
        for (int i = 0; i < 5; i++) {
            ObjectNode p = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p" + i);
            p.putArray("name").addObject().put("family", "Test" + i).putArray("given");
            if (i % 2 == 0) {
                p.put("birthDate", "1970-01-0" + (i + 1));
            }
            p.putObject("meta").put("source", "urn:x");
            long item = row(run, file, "emr", i + 2, ItemState.MAPPED, null);
            ledger.recordLoad(run, item, TARGET, new MappedResource("Patient", "p" + i, p, null, "h" + i),
                    new LoadOutcome("Patient", "p" + i, i == 4 ? LoadOutcome.Status.FAILED : LoadOutcome.Status.CREATED,
                            null, null, i == 4 ? "refused" : null));
        }
        ledger.finishRun(run, RunStatus.COMPLETED, null);

        assertThat(reports.fillRates(run)).containsExactly(
                new FillRate("Patient", "birthDate", 3, 5),
                new FillRate("Patient", "name", 5, 5),
                new FillRate("Patient", "name.family", 5, 5));
        assertThat(reports.fillRates(run).get(0).percent()).isEqualTo(60);
        assertThat(reports.reconciliation(run).get(0).types().get(0).produced()).isEqualTo(5);
    }

    @Test
    void statusTextPrintsTheSameFiguresPerSource() {
        long run = firstRun();

        String text = StatusText.render(reports.progress(run));

        assertThat(text).contains("  received            7", "Per source:", "  emr", "    received            4",
                "    needs review        1", "Resources: 3 new, 0 updated, 0 unchanged, 1 failed",
                "Review backlog: 1 record(s) held");
    }
}
