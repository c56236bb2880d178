package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Assembles the reconciliation report of a run from {@link LedgerReports} and a {@link ReadBackSample}. */
public final class ReconciliationReports {

    private final LedgerReports reports;
    private final ReadBackSample sample;

    public ReconciliationReports(Ledger ledger, Clock clock) {
        this.reports = new LedgerReports(ledger, clock);
        this.sample = new ReadBackSample(ledger);
    }

    /** Builds the report; {@code reader} null skips the read-back sample (and fails its checklist line). */
    public ReconciliationReport build(long runId, ResourceReader reader, int sampleSize) {
        return build(runId, reader, sampleSize, SentContent.NONE);
    }

    /** As {@link #build(long, ResourceReader, int)}; {@code sent} lets a differing read-back name the fields. */
    public ReconciliationReport build(long runId, ResourceReader reader, int sampleSize, SentContent sent) {
        RunProgress progress = reports.progress(runId);
        List<SourceReconciliation> sources = reports.reconciliation(runId);
        ReadBackSample.Result readBack = reader == null ? null : sample.check(runId, sampleSize, reader, sent);
        return new ReconciliationReport(progress, sources, reports.problems(runId),
                reports.openReviewItemsByKind(runId), readBack, reports.fillRates(runId),
                checklist(progress, sources, readBack), reports.matchingCounts(runId));
    }

    static List<SignOffItem> checklist(RunProgress p, List<SourceReconciliation> sources,
                                       ReadBackSample.Result readBack) {
        List<SignOffItem> items = new ArrayList<>();
        items.add(new SignOffItem("The run completed and every record reached an end state",
                p.run().status() == RunStatus.COMPLETED && p.total().inFlight() == 0,
                String.format(Locale.ROOT, "status %s, %d record(s) in flight", p.run().status(),
                        p.total().inFlight())));
        long unbalanced = sources.stream().filter(s -> !s.balanced()).count();
        items.add(new SignOffItem("Every source balances: received = loaded + quarantined + needs review + failed",
                unbalanced == 0, unbalanced + " source(s) out of balance"));
        items.add(new SignOffItem("No resource failed to load", p.resources("FAILED") == 0,
                p.resources("FAILED") + " resource(s) failed"));
        items.add(new SignOffItem("The review backlog is empty",
                p.backlog().heldRecords() == 0 && p.backlog().openReviewItems() == 0,
                String.format(Locale.ROOT, "%d record(s) held, %d open review item(s)", p.backlog().heldRecords(),
                        p.backlog().openReviewItems())));
        items.add(new SignOffItem("A sample read back from the target matches what was sent",
                readBack != null && !readBack.checks().isEmpty() && readBack.allSame(),
                readBack == null ? "no sample taken" : String.format(Locale.ROOT, "%d of %d the same",
                        readBack.count(ReadBackCheck.Verdict.SAME), readBack.checks().size())));
        items.add(new SignOffItem("Quarantined records were reviewed with the source system's owner", null,
                p.total().count(io.chartbridge.core.ledger.ItemState.QUARANTINED) + " quarantined record(s)"));
        items.add(new SignOffItem("Signed off by (name, role, date)", null, ""));
        return items;
    }
}
