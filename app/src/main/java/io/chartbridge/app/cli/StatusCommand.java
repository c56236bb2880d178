package io.chartbridge.app.cli;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.StatusText;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge status [<run>]}: a run's counts by stage, read from the project's ledger, and the open review
 * items by kind.
 */
@Command(name = "status",
        description = "Print the counts of a run (the latest by default) from the ledger, and the open review items"
                + " by kind.",
        footer = {"", "Examples:", "  ./chartbridge status", "  ./chartbridge status 3 --problems",
                "  ./chartbridge status --runs --project my-project/project.yaml"})
public final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "<run>", description = "Run id (default: the latest).")
    Long runId;

    @Option(names = "--project", paramLabel = "<project.yaml>",
            description = "Project whose ledger to read (default: $CHARTBRIDGE_PROJECT, else projects/demo).")
    Path projectFile;

    @Option(names = "--runs", description = "List every run instead.")
    boolean listRuns;

    @Option(names = "--problems", description = "List all quarantined and failed records.")
    boolean allProblems;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Project project = new ProjectLoader().load(projectFile != null ? projectFile : defaultProject());
        var out = spec.commandLine().getOut();
        try (Ledger ledger = Ledger.open(project.ledger())) {
            if (listRuns) {
                for (RunInfo r : ledger.runs()) {
                    out.printf(Locale.ROOT, "%5d  %-11s %s  %s%n", r.id(), r.status(), r.startedAt(), r.project());
                }
                out.flush();
                return 0;
            }
            RunInfo run = (runId == null ? ledger.latestRun() : ledger.run(runId)).orElseThrow(() ->
                    new FatalSetupException(runId == null ? "No runs yet in " + project.file()
                            : "No run " + runId + " in the ledger of " + project.file()));
            OffsetDateTime end = run.finishedAt() != null ? run.finishedAt() : OffsetDateTime.now();
            double seconds = Duration.between(run.startedAt(), end).toMillis() / 1000.0;
            var problems = ledger.problems(run.id());
            // The same text, labels and figures as the dashboard and the report (one place computes them).
            out.print(StatusText.render(new LedgerReports(ledger).progress(run.id())));
            new PulledFilesPrinter(out).print(new io.chartbridge.core.ledger.PulledFiles(ledger).ofRun(run.id()));
            if (allProblems) {
                problems.forEach(p -> out.printf(Locale.ROOT, "  %s: %s%n", p.location(), p.reason()));
            } else {
                new SummaryPrinter(out).problems(problems);
            }
            out.printf(Locale.ROOT, "Elapsed %.1f s%n", seconds);
            printReviewQueue(out, new ReviewQueue(ledger).counts());
            out.flush();
            return 0;
        }
    }

    /**
     * What waits in the review queue, per kind: the whole queue (every run of the ledger), as the console shows it,
     * because a question outlives the run that asked it. Kinds with nothing open are left out.
     */
    static void printReviewQueue(PrintWriter out, Map<ReviewKind, Long> counts) {
        long open = counts.values().stream().mapToLong(Long::longValue).sum();
        if (open == 0) {
            out.println("Review queue: nothing open");
            return;
        }
        out.printf(Locale.ROOT, "Review queue: %d open item(s), all runs (./chartbridge console to decide them)%n",
                open);
        counts.forEach((kind, n) -> {
            if (n > 0) {
                out.printf(Locale.ROOT, "  %-18s %5d%n", kind.name(), n);
            }
        });
    }

    private static Path defaultProject() {
        String env = System.getenv("CHARTBRIDGE_PROJECT");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("chartbridge.home", "."), "projects", "demo", "project.yaml");
    }

}
