package io.chartbridge.app.run;

import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Match stage: decides which patient each record belongs to ({@link MatchStageDecision}). MATCH links the record to
 * the one existing patient it matched (its own Patient is not loaded; its other resources point at that patient);
 * POSSIBLE_MATCH holds the record for a person with the candidates and their explanations; NO_MATCH makes it a new
 * patient. Every decision is recorded in the ledger with its explanation. A record without a Patient of its own
 * whose patient nobody knows yet waits until the rest of the run is decided (its patient may come later), then goes
 * on, or to a person as UNKNOWN_PATIENT. Without matching enabled, records pass unchanged.
 */
@Component("matchingProcessor")
public class MatchingProcessor {

    private final RunContext runs;

    public MatchingProcessor(RunContext runs) {
        this.runs = runs;
    }

    /**
     * Searches the target's candidates for a whole batch of records at once (a few searches per hundred records
     * instead of one or two per record); {@link #match} then decides each record from those answers.
     */
    public List<PipelineRecord> prefetch(List<PipelineRecord> batch) {
        RunMatching matching = runs.current().matching();
        if (matching != null) {
            matching.prefetch(batch.stream().map(r -> MatchStageDecision.ownPatient(r.mapped()))
                    .filter(Objects::nonNull).map(MappedResource::json).toList());
        }
        return batch;
    }

    /** One record at a time, whichever thread completes its batch, so the run index grows one decision at a time. */
    public synchronized PipelineRecord match(PipelineRecord item) {
        ActiveRun run = runs.current();
        MappedRecord mapped = item.mapped();
        if (run.matching() == null || mapped == null) {
            return item;
        }
        MatchStageDecision.Subject subject = new MatchStageDecision.Subject(item.itemId(), item.sourceName(),
                item.record().location().toString(), item.record().contentHash());
        MatchStageDecision.Result result = MatchStageDecision.decide(run, subject, mapped);
        item.setMapped(result.mapped());
        switch (result.verdict()) {
            case GO_ON -> item.setLoadable(true);
            case HELD -> item.setLoadable(false);
            case UNKNOWN_PATIENT -> {
                item.setLoadable(false);
                if (!run.defer(item)) {
                    MatchStageDecision.holdUnknownPatient(run, subject, result.mapped(), result.unknown());
                }
            }
        }
        return item;
    }
}
