package io.chartbridge.app.cli;

import ca.uhn.fhir.context.FhirContext;
import io.chartbridge.app.reconcile.ReconcileTargets;
import io.chartbridge.app.report.SourceRecordSentContent;
import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.reconcile.RunUndo;
import io.chartbridge.core.reconcile.TargetStore;
import io.chartbridge.core.reconcile.UndoLedger;
import io.chartbridge.core.reconcile.UndoPlan;
import io.chartbridge.core.review.AuditLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chartbridge undo <run> [--dry-run]}: takes a run back out of the target (docs/diff-and-undo.md). */
@Command(name = "undo", description = {"Take a run back out of the target: delete what it created and restore what it"
        + " updated to the version before, referrers first. Resources changed since the run (by a later run or a"
        + " person) are listed and left alone; nothing the run did not create is deleted.",
        "The ledger marks the run UNDONE and forgets what it loaded, so a later run loads those records again."
                + " Audited."},
        footer = {"", "Exit status: 0 all taken back, 4 some left alone or refused by the target, 1 fatal error.",
                "Examples:", "  ./chartbridge undo 3 --dry-run", "  ./chartbridge undo 3",
                "  ./chartbridge undo 3 --project my-project/project.yaml"})
public final class UndoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<run>", description = "The run to undo.")
    long runId;

    @Option(names = "--dry-run", description = "Only say what would be deleted, restored and left alone.")
    boolean dryRun;

    @Option(names = "--project", paramLabel = "<project.yaml>",
            description = "Project whose ledger and target to use (default: $CHARTBRIDGE_PROJECT, else projects/demo).")
    Path projectFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Project project = new ProjectLoader().load(projectFile != null ? projectFile : DiffCommand.defaultProject());
        PrintWriter out = spec.commandLine().getOut();
        try (Ledger ledger = Ledger.open(project.ledger());
             TargetStore target = ReconcileTargets.open(project.target(), FhirContext.forR4Cached())) {
            if (ledger.run(runId).isEmpty()) {
                throw new FatalSetupException("No run " + runId + " in the ledger of " + project.file());
            }
            RunUndo undo = new RunUndo(new UndoLedger(ledger), target,
                    new SourceRecordSentContent(project, ledger, new ConnectorRegistry()),
                    new AuditLog(ledger.dataSource(), Clock.systemUTC()));
            RunUndo.Result result = undo.undo(runId, dryRun, "cli:" + System.getProperty("user.name", "unknown"));
            print(out, result);
            out.flush();
            return result.incomplete() ? DiffCommand.EXIT_DIFFERENCES : 0;
        }
    }

    static void print(PrintWriter out, RunUndo.Result r) {
        UndoPlan p = r.plan();
        if (r.dryRun()) {
            out.printf(Locale.ROOT, "Undo of run %d (dry run, nothing changed): would delete %d created resource(s),"
                            + " restore %d updated resource(s), leave %d alone%n", r.runId(), p.deleteCount(),
                    p.restoreCount(), r.leftAlone().size());
        } else {
            out.printf(Locale.ROOT, "Run %d %s%n", r.runId(), RunUndo.message(r));
        }
        for (UndoPlan.Refusal refusal : r.leftAlone()) {
            out.printf(Locale.ROOT, "  left alone  %s: %s%n", refusal.effect().reference(), refusal.reason());
        }
        for (RunUndo.Outcome o : r.outcomes()) {
            if (o.result().equals("FAILED")) {
                out.printf(Locale.ROOT, "  not %s  %s: %s%n", o.action().equals("DELETE") ? "deleted" : "restored",
                        o.effect().reference(), o.detail());
            }
        }
    }
}
