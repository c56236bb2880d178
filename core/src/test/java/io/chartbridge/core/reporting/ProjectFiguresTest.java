package io.chartbridge.core.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.ReviewAction;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.LoadOutcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project figures across runs, over a ledger written through the Ledger API (H2; {@link
 * ProjectFiguresPostgresIT} runs the same on PostgreSQL). Two runs of one project: the second re-reads every record,
 * so a per-run sum would count each record twice; the project counts each legacy record once, by its latest state.
 *
 * <p>Run 1: emr lines 2, 3 loaded (Patients p1, p2), line 4 quarantined, line 5 held for review (UNMAPPED_CODE);
 * lab line 2 loaded (Patient p3), line 3 quarantined, line 4's Observation o1 refused by the target (FAILED).
 * Run 2: emr lines 2, 3 loaded again (unchanged), line 4 corrected at the source (new content) and loaded as p4,
 * line 5 held again (same question, so still one review item); lab line 2 loaded again, line 3 still quarantined,
 * line 4 loaded now (o1 updated).
 */
class ProjectFiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "ndjson:/tmp/out";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    private Ledger ledger;
    private LedgerReports reports;

    @BeforeEach
    void open() throws Exception {
        ledger = openLedger();
        reports = new LedgerReports(ledger);
    }

    protected Ledger openLedger() throws Exception {
        return Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private long firstRun() {
        long run = ledger.startRun("p", "project.yaml", TARGET);
        long emr = file(run, "emr");
        loaded(run, emr, "emr", 2, "emr2", "Patient", "p1", LoadOutcome.Status.CREATED);
        loaded(run, emr, "emr", 3, "emr3", "Patient", "p2", LoadOutcome.Status.CREATED);
        row(run, emr, "emr", 4, "emr4", ItemState.QUARANTINED, "birth date 31-31-1990 is not a date");
        held(run, emr, "emr", 5, "emr5");
        long lab = file(run, "lab");
        loaded(run, lab, "lab", 2, "lab2", "Patient", "p3", LoadOutcome.Status.CREATED);
        row(run, lab, "lab", 3, "lab3", ItemState.QUARANTINED, "row has 5 fields, header has 14");
        long refused = row(run, lab, "lab", 4, "lab4", ItemState.MAPPED, null);
        ledger.recordLoad(run, refused, TARGET, resource("Observation", "o1"),
                LoadOutcome.failed("Observation", "o1", "HTTP 422: invalid code"));
        ledger.transition(refused, ItemState.FAILED, "target refused Observation/o1: HTTP 422");
        ledger.finishRun(run, RunStatus.COMPLETED, null);
        return run;
    }

    private long secondRun() {
        long run = ledger.startRun("p", "project.yaml", TARGET);
        long emr = file(run, "emr");
        loaded(run, emr, "emr", 2, "emr2", "Patient", "p1", LoadOutcome.Status.UNCHANGED);
        loaded(run, emr, "emr", 3, "emr3", "Patient", "p2", LoadOutcome.Status.UNCHANGED);
        loaded(run, emr, "emr", 4, "emr4-corrected", "Patient", "p4", LoadOutcome.Status.CREATED);
        held(run, emr, "emr", 5, "emr5");
        long lab = file(run, "lab");
        loaded(run, lab, "lab", 2, "lab2", "Patient", "p3", LoadOutcome.Status.UNCHANGED);
        row(run, lab, "lab", 3, "lab3", ItemState.QUARANTINED, "row has 5 fields, header has 14");
        loaded(run, lab, "lab", 4, "lab4", "Observation", "o1", LoadOutcome.Status.UPDATED);
        ledger.finishRun(run, RunStatus.COMPLETED, null);
        return run;
    }

    @Test
    void aRecordReadByTwoRunsIsCountedOnceByItsLatestState() {
        firstRun();
        secondRun();
        assertThat(reports.updateProjectFigures(Duration.ofMinutes(1)).caughtUp()).isTrue();

        ProjectProgress p = reports.project(BERLIN);

        assertThat(p.sources()).extracting(ProjectSourceFigures::source).containsExactly("emr", "lab");
        ProjectSourceFigures emr = p.sources().get(0);
        // emr: lines 2, 3, the corrected line 4 and line 5; the first version of line 4 is retired, not quarantined.
        assertThat(emr.known()).isEqualTo(4);
        assertThat(emr.migrated()).isEqualTo(3);
        assertThat(emr.quarantined()).isZero();
        assertThat(emr.waitingForReview()).isEqualTo(1);
        assertThat(emr.retired()).isEqualTo(1);
        ProjectSourceFigures lab = p.sources().get(1);
        assertThat(lab.known()).isEqualTo(3);
        assertThat(lab.migrated()).isEqualTo(2);
        assertThat(lab.quarantined()).isEqualTo(1);
        assertThat(lab.failed()).isZero();
        assertThat(p.total().known()).isEqualTo(7);
        assertThat(p.total().remaining()).isEqualTo(2);
        // Each deterministic resource once, by its latest load: o1 failed in run 1 and was updated in run 2.
        assertThat(p.types()).containsExactly(new ProjectTypeFigures("emr", "Patient", 3, 3, 0),
                new ProjectTypeFigures("lab", "Observation", 1, 1, 0),
                new ProjectTypeFigures("lab", "Patient", 1, 1, 0));
        assertThat(p.series().stream().mapToLong(ProjectBucket::migrated).sum()).isEqualTo(5);
        assertThat(p.migratedPerDay()).isPositive();
        assertThat(p.eta()).isNotNull().isPositive();
        assertThat(p.historyToCount()).isZero();

        ProjectSignOff s = p.signOff();
        assertThat(s.openReviewByKind()).containsExactly(java.util.Map.entry("UNMAPPED_CODE", 1L));
        assertThat(s.quarantined()).isEqualTo(1);
        assertThat(s.problems()).singleElement().satisfies(c -> {
            assertThat(c.label()).isEqualTo("row has # fields, header has #");
            assertThat(c.count()).isEqualTo(1);
        });
        assertThat(s.unresolvedRuns()).isEmpty();
        assertThat(s.lastReadBack()).isNull();
        assertThat(s.clear()).isFalse();
    }

    @Test
    void anUndoneRunsRecordsAreNoLongerMigratedUntilALaterRunLoadsThemAgain() {
        long first = firstRun();
        reports.updateProjectFigures(Duration.ofMinutes(1));
        assertThat(reports.project(BERLIN).total().migrated()).isEqualTo(3);

        new io.chartbridge.core.reconcile.UndoLedger(ledger).markUndone(first, "undone: 4 deleted");
        assertThat(reports.updateProjectFigures(Duration.ofMinutes(1)).caughtUp()).isTrue();

        ProjectProgress undone = reports.project(BERLIN);
        assertThat(undone.total().migrated()).isZero();
        assertThat(undone.total().known()).as("the records are still known, and left to migrate").isEqualTo(7);
        assertThat(undone.total().remaining()).isEqualTo(7);
        assertThat(undone.series().stream().mapToLong(ProjectBucket::migrated).sum()).isZero();

        secondRun();
        reports.updateProjectFigures(Duration.ofMinutes(1));
        assertThat(reports.project(BERLIN).total().migrated()).isEqualTo(5);
    }

    @Test
    void countingAgainChangesNothingAndLaterChangesAreAdded() {
        long first = firstRun();
        reports.updateProjectFigures(Duration.ofMinutes(1));
        ProjectProgress once = reports.project(BERLIN);
        reports.updateProjectFigures(Duration.ofMinutes(1));
        assertThat(reports.project(BERLIN).sources()).isEqualTo(once.sources());
        assertThat(once.total().known()).isEqualTo(7);
        assertThat(once.total().failed()).isEqualTo(1);

        // A reviewer answers; the held record is released and loaded: the backlog falls, migrated rises.
        long held = ledger.query("select id from source_item where state = 'NEEDS_REVIEW'", rs -> rs.getLong(1)).get(0);
        ReviewQueue queue = new ReviewQueue(ledger);
        long question = queue.forLedgerItem(held).get(0).id();
        queue.decide(question, "rita", new Decision(ReviewAction.QUARANTINE, null, null, "not ours"));
        ledger.transition(held, ItemState.QUARANTINED, "a reviewer quarantined it");
        reports.updateProjectFigures(Duration.ofMinutes(1));

        ProjectProgress after = reports.project(BERLIN);
        assertThat(after.total().waitingForReview()).isZero();
        assertThat(after.total().quarantined()).isEqualTo(3);
        assertThat(after.total().known()).isEqualTo(7);
        assertThat(after.signOff().openReview()).isZero();
        assertThat(after.series().get(after.series().size() - 1).openReview()).isZero();
        assertThat(first).isPositive();
    }

    @Test
    void aRecordLoadedBeforeStaysMigratedWhileARunningRunReadsItAgain() {
        firstRun();
        long run = ledger.startRun("p", "project.yaml", TARGET);
        long emr = file(run, "emr");
        row(run, emr, "emr", 2, "emr2", ItemState.MAPPED, null);
        row(run, emr, "emr", 9, "emr9", ItemState.RECEIVED, null);
        reports.updateProjectFigures(Duration.ofMinutes(1));

        ProjectProgress p = reports.project(BERLIN);

        ProjectSourceFigures e = p.sources().get(0);
        assertThat(e.migrated()).isEqualTo(2);
        assertThat(e.unfinished()).isEqualTo(1);
        assertThat(e.known()).isEqualTo(5);
        assertThat(p.signOff().unresolvedRuns()).extracting(r -> r.id()).containsExactly(run);
    }

    @Test
    void aRecordNoLongerInItsFileIsRetiredOnceARunCompletesWithoutIt() {
        firstRun();
        long run = ledger.startRun("p", "project.yaml", TARGET);
        long emr = file(run, "emr");
        // The export was cut: line 2 is all that is left of emr.csv (its other rows moved elsewhere or were deleted).
        loaded(run, emr, "emr", 2, "emr2", "Patient", "p1", LoadOutcome.Status.UNCHANGED);
        reports.updateProjectFigures(Duration.ofMinutes(1));
        assertThat(reports.project(BERLIN).sources().get(0).retired()).as("not while the run reads").isZero();

        ledger.finishRun(run, RunStatus.COMPLETED, null);
        reports.updateProjectFigures(Duration.ofMinutes(1));

        ProjectSourceFigures e = reports.project(BERLIN).sources().get(0);
        assertThat(e.retired()).isEqualTo(3);
        assertThat(e.known()).isEqualTo(1);
        assertThat(e.migrated()).isEqualTo(1);
        assertThat(reports.project(BERLIN).sources().get(1).known()).as("lab.csv was not read again").isEqualTo(3);
    }

    @Test
    void withoutARecentRateTheEtaIsUnknown() {
        firstRun();
        reports.updateProjectFigures(Duration.ofMinutes(1));
        Clock monthLater = Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC);

        ProjectProgress p = new LedgerReports(ledger, monthLater).project(BERLIN);

        assertThat(p.rateWindow()).isEqualTo(LedgerReports.PROJECT_WINDOW);
        assertThat(p.migratedPerDay()).isZero();
        assertThat(p.total().remaining()).isEqualTo(4);
        assertThat(p.eta()).isNull();
        // A month in daily bars at most 60: the first bar starts at midnight in the project's zone.
        assertThat(p.series()).hasSizeLessThanOrEqualTo(LedgerReports.MAX_BUCKETS);
        assertThat(p.series().get(0).hours()).isEqualTo(24);
        assertThat(p.series().get(0).start().atZoneSameInstant(BERLIN).getHour()).isZero();
    }

    @Test
    void theLatestReadBackCheckIsKeptForTheSignOff() {
        long run = firstRun();
        new ReadBackSample(ledger).check(run, 10, r -> Optional.empty());
        reports.updateProjectFigures(Duration.ofMinutes(1));

        ReadBackSummary last = reports.project(BERLIN).signOff().lastReadBack();

        assertThat(last.runId()).isEqualTo(run);
        assertThat(last.sampled()).isEqualTo(3);
        assertThat(last.missing()).isEqualTo(3);
        assertThat(last.allSame()).isFalse();
    }

    // ---------------------------------------------------------------- writing the ledger

    private long file(long run, String source) {
        return ledger.recordItem(run, null, source, ItemKind.FILE, SourceLocation.ofFile(source + ".csv"),
                source + "-file-" + run, ItemState.LOADED, null);
    }

    private long row(long run, long file, String source, long line, String hash, ItemState state, String reason) {
        return ledger.recordItem(run, file, source, ItemKind.ROW, SourceLocation.ofLine(source + ".csv", line), hash,
                state, reason);
    }

    private void loaded(long run, long file, String source, long line, String hash, String type, String id,
                        LoadOutcome.Status status) {
        long item = row(run, file, source, line, hash, ItemState.MAPPED, null);
        ledger.recordLoad(run, item, TARGET, resource(type, id), new LoadOutcome(type, id, status, id, "1", null));
        ledger.transition(item, ItemState.LOADED, null);
    }

    private void held(long run, long file, String source, long line, String hash) {
        long item = row(run, file, source, line, hash, ItemState.NEEDS_REVIEW, "gender: code 'X' not in table");
        new ReviewQueue(ledger).add(new NewReviewItem(run, item, ReviewKind.UNMAPPED_CODE, source,
                source + ".csv:" + line, hash, "gender", "gender: code 'X' not in table", JSON.createObjectNode()));
    }

    private static MappedResource resource(String type, String id) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", type).put("id", id);
        return new MappedResource(type, id, json, null, type + id);
    }
}
