package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemProblem;
import io.chartbridge.core.ledger.RunSummary;
import java.util.List;

/** The end of a run: its counts from the ledger, its problems, and the fatal error that stopped it, if any. */
public record RunOutcome(RunSummary summary, List<ItemProblem> problems, String fatalError, double seconds) {

    public boolean completed() {
        return fatalError == null;
    }
}
