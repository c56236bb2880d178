package io.chartbridge.app.report;

import io.chartbridge.core.ledger.ItemProblem;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.reporting.ErrorCategory;
import io.chartbridge.core.reporting.FillRate;
import io.chartbridge.core.reporting.ReadBackCheck;
import io.chartbridge.core.reporting.ReconciliationReport;
import io.chartbridge.core.reporting.RunProgress;
import io.chartbridge.core.reporting.SignOffItem;
import io.chartbridge.core.reporting.SourceReconciliation;
import io.chartbridge.core.reporting.StatusText;
import io.chartbridge.core.reporting.TypeReconciliation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reconciliation report as sections of rows, the one layout both the CSV and the PDF write, so the two files
 * cannot disagree. Each row's first cell says which section it belongs to.
 */
public final class ReportRows {

    private ReportRows() {
    }

    /** A titled table: a header row and data rows. */
    public record Section(String name, String title, List<String> header, List<List<String>> rows) {
    }

    public static List<Section> of(ReconciliationReport report) {
        RunProgress p = report.progress();
        List<Section> out = new ArrayList<>();
        List<List<String>> runRows = new ArrayList<>(List.of(
                List.of("status", p.run().status().name()),
                List.of("started", String.valueOf(p.run().startedAt())),
                List.of("finished", p.run().finishedAt() == null ? "" : String.valueOf(p.run().finishedAt())),
                List.of("target", p.run().targetKey()),
                List.of("received", n(p.total().received())),
                List.of("loaded", n(p.total().count(ItemState.LOADED))),
                List.of("quarantined", n(p.total().count(ItemState.QUARANTINED))),
                List.of("needs review", n(p.total().count(ItemState.NEEDS_REVIEW))),
                List.of("failed", n(p.total().count(ItemState.FAILED))),
                List.of("in flight", n(p.total().inFlight())),
                List.of("resources new", n(p.resources("CREATED"))),
                List.of("resources updated", n(p.resources("UPDATED"))),
                List.of("resources unchanged", n(p.resources("UNCHANGED"))),
                List.of("resources failed", n(p.resources("FAILED"))),
                List.of("records linked to an existing patient", n(report.matching().linked())),
                List.of("records merged into their patient", n(report.matching().merged())),
                List.of("review records held", n(p.backlog().heldRecords())),
                List.of("review oldest waiting", StatusText.human(p.backlog().oldestHeldAge(p.at()))),
                List.of("review open items", n(p.backlog().openReviewItems()))));
        String undone = StatusText.undoneLine(p.run());
        if (undone != null) {
            // What undo took back; the figures stay what the run loaded (docs/diff-and-undo.md).
            runRows.add(1, List.of("undone", undone.substring("Undone: ".length())));
        }
        out.add(new Section("run", "Run " + p.run().id() + " of project " + p.run().project(),
                List.of("figure", "value"), runRows));

        List<List<String>> rec = new ArrayList<>();
        for (SourceReconciliation s : report.sources()) {
            rec.add(List.of(s.source(), "(records)", n(s.received()), n(s.loaded()), n(s.quarantined()),
                    n(s.pendingReview()), n(s.failed()), n(s.inFlight()), s.balanced() ? "yes" : "NO"));
            for (TypeReconciliation t : s.types()) {
                rec.add(List.of(s.source(), t.resourceType(), n(t.produced()), n(t.loaded()), "", "", n(t.failed()),
                        "", ""));
            }
        }
        out.add(new Section("reconciliation", "Reconciliation per source and resource type",
                List.of("source", "resource type", "received / produced", "loaded", "quarantined", "pending review",
                        "failed", "in flight", "balanced"), rec));

        List<List<String>> cats = new ArrayList<>();
        for (ErrorCategory c : p.errors()) {
            cats.add(List.of(c.state().name().toLowerCase(Locale.ROOT), c.label(), n(c.count())));
        }
        out.add(new Section("problem-categories", "Problems by category", List.of("state", "reason", "records"),
                cats));

        List<List<String>> problems = new ArrayList<>();
        for (ItemProblem pr : report.problems()) {
            problems.add(List.of(pr.sourceName(), pr.location(), pr.state().name().toLowerCase(Locale.ROOT),
                    pr.reason() == null ? "" : pr.reason()));
        }
        out.add(new Section("problems", "Quarantined and failed records", List.of("source", "location", "state",
                "reason"), problems));

        List<List<String>> review = new ArrayList<>();
        report.openReviewByKind().forEach((kind, count) -> review.add(List.of(kind, n(count))));
        out.add(new Section("open-review", "Open review items by kind", List.of("kind", "open"), review));

        List<List<String>> sample = new ArrayList<>();
        if (report.readBack() != null) {
            for (ReadBackCheck c : report.readBack().checks()) {
                sample.add(List.of(c.resource().resourceType(), c.resource().resourceId(), c.verdict().name(),
                        String.join(" ", c.differingPaths()), c.detail()));
            }
        }
        out.add(new Section("read-back", report.readBack() == null ? "Read-back sample (not taken)"
                : "Read-back sample: " + report.readBack().count(ReadBackCheck.Verdict.SAME) + " of "
                + report.readBack().checks().size() + " the same as sent",
                List.of("resource type", "id", "verdict", "differing fields", "detail"), sample));
        List<List<String>> fill = new ArrayList<>();
        for (FillRate f : report.fillRates()) {
            fill.add(List.of(f.resourceType(), f.field(), n(f.filled()), n(f.produced()), f.percent() + "%"));
        }
        out.add(new Section("fill-rates", "Fill rates of fields over all produced resources",
                List.of("resource type", "field", "filled", "produced", "rate"), fill));

        List<List<String>> sign = new ArrayList<>();
        for (SignOffItem s : report.checklist()) {
            sign.add(List.of(s.check(), s.passed() == null ? "sign by hand" : s.passed() ? "passed" : "NOT passed",
                    s.detail()));
        }
        out.add(new Section("sign-off", "Sign-off checklist", List.of("check", "result", "detail"), sign));
        return out;
    }

    private static String n(long value) {
        return Long.toString(value);
    }
}
