package io.chartbridge.app.dashboard;

import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.reporting.ErrorCategory;
import io.chartbridge.core.reporting.ProjectProgress;
import io.chartbridge.core.reporting.ProjectSignOff;
import io.chartbridge.core.reporting.ProjectSourceFigures;
import io.chartbridge.core.reporting.ProjectTypeFigures;
import io.chartbridge.core.reporting.ReadBackSummary;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The project dashboard's figures as its page and JSON ({@code /dashboard/api/project}) show them: the ledger's
 * numbers, and texts already formatted in the project's time zone.
 */
public record ProjectView(String asOf, String countedAt, boolean catchingUp, long historyToCount, String startedAt,
                          List<SourceRow> sources, SourceRow total, List<ProjectTypeFigures> types,
                          double migratedPerDay, String rate, Long etaSeconds, String eta, SignOff signOff) {

    /** One source's legacy records (or all sources'), each counted once by its latest state. */
    public record SourceRow(String source, long known, long migrated, long quarantined, long waitingForReview,
                            long failed, long unfinished, long retired, long remaining, int percentMigrated) {

        static SourceRow of(ProjectSourceFigures f) {
            return new SourceRow(f.source(), f.known(), f.migrated(), f.quarantined(), f.waitingForReview(),
                    f.failed(), f.unfinished(), f.retired(), f.remaining(), f.percentMigrated());
        }
    }

    public record RunLine(long id, String status, String started, String note) {
    }

    public record SignOff(boolean clear, long openReview, Map<String, Long> openReviewByKind, long quarantined,
                          long failed, long waitingForReview, long unfinished, List<ErrorCategory> problems,
                          List<RunLine> unresolvedRuns, String lastReadBack, Boolean lastReadBackSame) {
    }

    /** Problem categories listed on the page; the rest are summed up in one line. */
    static final int PROBLEMS_SHOWN = 12;

    static ProjectView of(ProjectProgress p, HumanTimes times) {
        String rate = String.format(Locale.ROOT, "%,.0f records/day", p.migratedPerDay()) + " over the last "
                + HumanTimes.span(p.rateWindow());
        String eta;
        if (p.eta() == null) {
            eta = "unknown: no record was migrated in the last " + HumanTimes.span(p.rateWindow());
        } else if (p.eta().isZero()) {
            eta = "nothing left";
        } else {
            eta = "about " + HumanTimes.span(p.eta()) + " (around " + times.date(p.at().plus(p.eta())) + ")";
        }
        return new ProjectView(times.at(p.at()), times.atAndAgo(p.countedAt()), p.historyToCount() > 0,
                p.historyToCount(), times.at(p.startedAt()), p.sources().stream().map(SourceRow::of).toList(),
                SourceRow.of(p.total()), p.types(), p.migratedPerDay(), rate,
                p.eta() == null ? null : p.eta().getSeconds(), eta, signOff(p.signOff(), times));
    }

    private static SignOff signOff(ProjectSignOff s, HumanTimes times) {
        ReadBackSummary rb = s.lastReadBack();
        String readBack = rb == null ? "no read-back check yet (open a run's read-back page or download its report)"
                : rb.same() + " of " + rb.sampled() + " the same as sent (run " + rb.runId() + ", "
                + times.atAndAgo(rb.checkedAt()) + ")" + (rb.different() + rb.missing() + rb.unreadable() == 0 ? ""
                : ": " + rb.different() + " different, " + rb.missing() + " missing, " + rb.unreadable()
                + " unreadable");
        return new SignOff(s.clear(), s.openReview(), s.openReviewByKind(), s.quarantined(), s.failed(),
                s.waitingForReview(), s.unfinished(), s.problems().stream().limit(PROBLEMS_SHOWN).toList(),
                s.unresolvedRuns().stream().map(r -> runLine(r, times)).toList(), readBack,
                rb == null ? null : rb.allSame());
    }

    private static RunLine runLine(RunInfo r, HumanTimes times) {
        String note = r.status() == RunStatus.RUNNING
                ? "still open: its records so far are counted; close it (or let it finish) before cut-over"
                : r.status() == RunStatus.INTERRUPTED
                ? "ended early (" + (r.message() == null ? "no reason recorded" : r.message())
                        + "); the next run takes up its unfinished records"
                : "failed: " + (r.message() == null ? "no reason recorded" : r.message());
        return new RunLine(r.id(), r.status().name(), times.atAndAgo(r.startedAt()), note);
    }

    /** Problems beyond those listed. */
    public long moreProblems() {
        return signOff.quarantined() + signOff.failed()
                - signOff.problems().stream().mapToLong(ErrorCategory::count).sum();
    }
}
