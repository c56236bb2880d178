package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemState;
import org.springframework.stereotype.Component;

/**
 * Match stage: decides which patient each record belongs to. Until a project enables matching, every record's
 * Patient is its own (deterministic id from source system + key) and the record passes on unchanged.
 */
@Component("matchingProcessor")
public class MatchingProcessor {

    private final RunContext runs;

    public MatchingProcessor(RunContext runs) {
        this.runs = runs;
    }

    public PipelineRecord match(PipelineRecord item) {
        ActiveRun run = runs.current();
        if (run.project().matching().enabled()) {
            run.ledger().transition(item.itemId(), ItemState.MATCHED, null);
        }
        return item;
    }
}
