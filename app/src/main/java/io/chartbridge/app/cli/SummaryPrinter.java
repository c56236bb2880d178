package io.chartbridge.app.cli;

import io.chartbridge.app.run.RunOutcome;
import io.chartbridge.core.ledger.ItemProblem;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.RunSummary;
import io.chartbridge.core.project.Project;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints a run's counts, all read from the ledger, the way `run` and `status` show them. */
public final class SummaryPrinter {

    private static final int MAX_PROBLEMS = 20;

    private final PrintWriter out;

    public SummaryPrinter(PrintWriter out) {
        this.out = out;
    }

    public void print(Project project, RunOutcome outcome) {
        RunSummary s = outcome.summary();
        out.printf(Locale.ROOT, "Run %d of project '%s' %s in %.1f s%n", s.run().id(), s.run().project(),
                outcome.completed() ? "completed" : outcome.interrupted() ? "INTERRUPTED" : "FAILED",
                outcome.seconds());
        counts(s);
        problems(outcome.problems());
        out.println("Target:  " + s.run().targetKey());
        out.println("Ledger:  " + project.ledger().url().replaceAll("(?i)password=[^;&]*", "password=***"));
        out.flush();
    }

    public void counts(RunSummary s) {
        long created = s.resources("CREATED");
        long updated = s.resources("UPDATED");
        long unchanged = s.resources("UNCHANGED");
        out.printf(Locale.ROOT, "  received      %7d records in %d file(s)%n", s.received(), s.files());
        out.printf(Locale.ROOT, "  loaded        %7d%n", s.items(ItemState.LOADED));
        out.printf(Locale.ROOT, "  quarantined   %7d%n", s.items(ItemState.QUARANTINED));
        out.printf(Locale.ROOT, "  needs review  %7d%n", s.items(ItemState.NEEDS_REVIEW));
        out.printf(Locale.ROOT, "  failed        %7d%n", s.items(ItemState.FAILED));
        if (s.inFlight() > 0) {
            out.printf(Locale.ROOT, "  in flight     %7d%n", s.inFlight());
        }
        out.printf(Locale.ROOT, "Resources: %d new, %d updated, %d unchanged, %d failed%n", created, updated,
                unchanged, s.resources("FAILED"));
    }

    public void problems(List<ItemProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        out.println("Quarantined and failed records:");
        problems.stream().limit(MAX_PROBLEMS).forEach(p -> out.printf(Locale.ROOT, "  %-11s %s: %s%n",
                p.state().name().toLowerCase(Locale.ROOT), p.location(), p.reason()));
        if (problems.size() > MAX_PROBLEMS) {
            out.printf(Locale.ROOT, "  ... and %d more (chartbridge status --problems)%n",
                    problems.size() - MAX_PROBLEMS);
        }
    }
}
