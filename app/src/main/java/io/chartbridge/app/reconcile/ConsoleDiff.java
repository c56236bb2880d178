package io.chartbridge.app.reconcile;

import ca.uhn.fhir.context.FhirContext;
import io.chartbridge.app.report.SourceRecordSentContent;
import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.reconcile.DiffFinding;
import io.chartbridge.core.reconcile.DiffLedger;
import io.chartbridge.core.reconcile.DiffSummary;
import io.chartbridge.core.reconcile.RehearsalDiff;
import io.chartbridge.core.reconcile.TargetStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The full rehearsal diff from the console (issue 20), over the console's project: the same diff as
 * {@code chartbridge diff}, its findings shown on a page, the first {@link #SHOWN} of them. Values (PHI) only when
 * asked for; the page records each such view in the PHI access log.
 */
public class ConsoleDiff {

    /** Findings a page shows; the rest are counted (the command's --out writes them all). */
    public static final int SHOWN = 500;

    private final Project project;
    private final Ledger ledger;
    private final FhirContext fhir;
    private final Clock clock;

    public ConsoleDiff(Project project, Ledger ledger, FhirContext fhir, Clock clock) {
        this.project = project;
        this.ledger = ledger;
        this.fhir = fhir;
        this.clock = clock;
    }

    /** A diff's summary, the findings shown, and how many more there were. */
    public record Result(DiffSummary summary, List<DiffFinding> findings, long notShown, boolean values) {
    }

    /** Diffs {@code runId} (null: everything on the target); {@code values}: with the values at differing paths. */
    public Result diff(Long runId, boolean values, String actor) {
        List<DiffFinding> shown = new ArrayList<>();
        AtomicLong more = new AtomicLong();
        try (TargetStore target = ReconcileTargets.open(project.target(), fhir)) {
            RehearsalDiff diff = new RehearsalDiff(new DiffLedger(ledger), target,
                    new SourceRecordSentContent(project, ledger, new ConnectorRegistry()),
                    new RehearsalDiff.Options(project.target().concurrency(), true, values, "console:" + actor), clock);
            DiffSummary summary = diff.run(runId, f -> {
                synchronized (shown) {
                    if (shown.size() < SHOWN) {
                        shown.add(f);
                    } else {
                        more.incrementAndGet();
                    }
                }
            }, RehearsalDiff.Progress.NONE, null);
            return new Result(summary, List.copyOf(shown), more.get(), values);
        }
    }
}
