package io.chartbridge.app.reconcile;

import ca.uhn.fhir.context.FhirContext;
import io.chartbridge.app.report.SourceRecordSentContent;
import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.reconcile.RunUndo;
import io.chartbridge.core.reconcile.TargetStore;
import io.chartbridge.core.reconcile.UndoLedger;
import io.chartbridge.core.review.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Undo from the console, over the console's project: the dry run its confirmation page shows, and the undo itself.
 * One undo at a time in this process: two administrators confirming at once must not undo a run twice over.
 */
public class ConsoleUndo {

    private final Project project;
    private final Ledger ledger;
    private final FhirContext fhir;
    private final Clock clock;

    public ConsoleUndo(Project project, Ledger ledger, FhirContext fhir, Clock clock) {
        this.project = project;
        this.ledger = ledger;
        this.fhir = fhir;
        this.clock = clock;
    }

    public List<RunInfo> runs() {
        List<RunInfo> runs = new java.util.ArrayList<>(ledger.runs());
        java.util.Collections.reverse(runs);
        return runs;
    }

    public Optional<RunInfo> run(long runId) {
        return ledger.run(runId);
    }

    /** What undo would do; changes nothing. */
    public RunUndo.Result dryRun(long runId, String actor) {
        return withUndo(undo -> undo.undo(runId, true, actor));
    }

    public synchronized RunUndo.Result undo(long runId, String actor) {
        return withUndo(undo -> undo.undo(runId, false, actor));
    }

    private RunUndo.Result withUndo(java.util.function.Function<RunUndo, RunUndo.Result> work) {
        try (TargetStore target = ReconcileTargets.open(project.target(), fhir)) {
            return work.apply(new RunUndo(new UndoLedger(ledger), target,
                    new SourceRecordSentContent(project, ledger, new ConnectorRegistry()),
                    new AuditLog(ledger.dataSource(), clock)));
        }
    }
}
