package io.chartbridge.app.cli;

import ca.uhn.fhir.context.FhirContext;
import io.chartbridge.app.reconcile.DiffProgressLine;
import io.chartbridge.app.reconcile.DiffReportWriter;
import io.chartbridge.app.reconcile.ReconcileTargets;
import io.chartbridge.app.report.SourceRecordSentContent;
import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.reconcile.DiffFinding;
import io.chartbridge.core.reconcile.DiffLedger;
import io.chartbridge.core.reconcile.DiffSummary;
import io.chartbridge.core.reconcile.RehearsalDiff;
import io.chartbridge.core.reconcile.TargetStore;
import io.chartbridge.core.review.PhiAccessLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge diff <run>|--all}: the full rehearsal diff between what the ledger says the target holds and
 * what it holds (docs/diff-and-undo.md).
 */
@Command(name = "diff", description = {"Read back every resource the ledger says the target holds (one run's, or"
        + " all) and list what is missing, changed since it was loaded (version and content, with the differing"
        + " fields), or extra (resources pointing at migrated patients that no run loaded).",
        "Paths only, never values, unless --show-values. The summary is kept in the ledger (the dashboard shows the"
                + " latest). Progress goes to stderr."},
        footer = {"", "Exit status: 0 no differences, 4 differences found, 1 fatal error (e.g. target unreachable).",
                "Examples:", "  ./chartbridge diff 3", "  ./chartbridge diff --all --out diff.html",
                "  ./chartbridge diff 3 --out run-3-diff.csv --project my-project/project.yaml",
                "  ./chartbridge diff 3 --no-extra --concurrency 4"})
public final class DiffCommand implements Callable<Integer> {

    /** Exit status when the diff found differences. */
    public static final int EXIT_DIFFERENCES = 4;
    private static final int SHOWN_ON_CONSOLE = 20;

    static final class Scope {
        @Parameters(index = "0", paramLabel = "<run>", description = "The run whose resources to diff.")
        Long runId;

        @Option(names = "--all", required = true,
                description = "Everything the ledger says the project's target holds, from every run.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Option(names = "--project", paramLabel = "<project.yaml>",
            description = "Project whose ledger and target to use (default: $CHARTBRIDGE_PROJECT, else projects/demo).")
    Path projectFile;

    @Option(names = "--out", paramLabel = "<report.csv|report.html>",
            description = "Write every finding there (CSV or HTML by the extension); without it the first "
                    + SHOWN_ON_CONSOLE + " are printed.")
    Path out;

    @Option(names = "--show-values",
            description = "Also write the values at the differing paths (sent and held). They are PHI: the report"
                    + " must be kept as such; the use is recorded in the PHI access log.")
    boolean showValues;

    @Option(names = "--no-extra", description = "Do not look for extra resources pointing at migrated patients.")
    boolean noExtra;

    @Option(names = "--concurrency", paramLabel = "<n>",
            description = "Read requests in flight (default: the project's target.concurrency).")
    Integer concurrency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Project project = new ProjectLoader().load(projectFile != null ? projectFile : defaultProject());
        var stdout = spec.commandLine().getOut();
        var stderr = spec.commandLine().getErr();
        String actor = "cli:" + System.getProperty("user.name", "unknown");
        try (Ledger ledger = Ledger.open(project.ledger());
             TargetStore target = ReconcileTargets.open(project.target(), FhirContext.forR4Cached())) {
            Long runId = scope.all ? null : scope.runId;
            if (runId != null && ledger.run(runId).isEmpty()) {
                throw new FatalSetupException("No run " + runId + " in the ledger of " + project.file());
            }
            if (showValues) {
                new PhiAccessLog(ledger.dataSource(), Clock.systemUTC()).record(actor, null,
                        "diff values " + (runId == null ? "all" : "run " + runId));
            }
            RehearsalDiff diff = new RehearsalDiff(new DiffLedger(ledger), target,
                    new SourceRecordSentContent(project, ledger, new ConnectorRegistry()),
                    new RehearsalDiff.Options(concurrency != null ? concurrency : project.target().concurrency(),
                            !noExtra, showValues, actor), Clock.systemUTC());
            AtomicInteger shown = new AtomicInteger();
            DiffSummary summary;
            try (DiffReportWriter report = out == null ? null : DiffReportWriter.open(out, showValues)) {
                summary = diff.run(runId, f -> {
                    try {
                        if (report != null) {
                            report.finding(f);
                        } else if (shown.getAndIncrement() < SHOWN_ON_CONSOLE) {
                            stdout.println(line(f));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, new DiffProgressLine(stderr), out == null ? null : out.toString());
                if (report != null) {
                    report.summary(summary);
                }
            }
            if (out == null && shown.get() > SHOWN_ON_CONSOLE) {
                stdout.printf(Locale.ROOT, "... and %d more (write them all with --out report.csv)%n",
                        shown.get() - SHOWN_ON_CONSOLE);
            }
            stdout.printf(Locale.ROOT, "Diff of %s: %d read back, %d same, %d missing, %d changed, %s extra, %d"
                            + " unreadable%n", runId == null ? "everything on " + summary.targetKey() : "run " + runId,
                    summary.checked(), summary.same(), summary.missing(), summary.changed(),
                    summary.extraSearched() ? String.valueOf(summary.extra()) : "not searched for",
                    summary.unreadable());
            if (summary.onRerun() != null) {
                stdout.println(summary.onRerun());
            }
            if (out != null) {
                stdout.println("Findings written to " + out);
            }
            stdout.flush();
            return summary.differences() == 0 ? 0 : EXIT_DIFFERENCES;
        }
    }

    private String line(DiffFinding f) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s %s/%s: %s", f.kind(), f.type(), f.id(),
                f.detail()));
        for (DiffFinding.ValueChange c : f.values()) {
            s.append(String.format(Locale.ROOT, "%n           %s: %s -> %s", c.path(), c.sent(), c.held()));
        }
        return s.toString();
    }

    static Path defaultProject() {
        String env = System.getenv("CHARTBRIDGE_PROJECT");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("chartbridge.home", "."), "projects", "demo", "project.yaml");
    }
}
