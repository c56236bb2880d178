package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemProblem;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.ledger.RunSummary;
import java.util.List;

/**
 * The end of a run: its counts from the ledger, its problems, how it ended, and why when it did not complete (the
 * fatal error, or what interrupted it).
 */
public record RunOutcome(RunSummary summary, List<ItemProblem> problems, RunStatus status, String fatalError,
                         double seconds) {

    public boolean completed() {
        return status == RunStatus.COMPLETED;
    }

    /** Stopped before its end with nothing wrong with its records (Ctrl-C, the target away too long): resumable. */
    public boolean interrupted() {
        return status == RunStatus.INTERRUPTED;
    }
}
