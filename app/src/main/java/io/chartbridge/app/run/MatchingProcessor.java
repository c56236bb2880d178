package io.chartbridge.app.run;

import io.chartbridge.core.ledger.LedgerWrites;
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
        ActiveRun run = runs.accepting(batch);
        if (run == null) {
            return List.of();
        }
        RunMatching matching = run.matching();
        if (matching != null) {
            long createdByRun = run.patientsCreatedInTarget();
            matching.prefetch(batch.stream().map(r -> MatchStageDecision.ownPatient(r.mapped()))
                    .filter(Objects::nonNull).map(MappedResource::json).toList(), createdByRun);
        }
        return batch;
    }

    /**
     * Decides a batch's records one at a time, in order, so the run index grows one decision at a time; returns
     * those that go on to the load stage. The batch's decisions and states are written in one transaction before
     * any record goes on. A record that fails unexpectedly fails alone.
     */
    public synchronized List<PipelineRecord> match(List<PipelineRecord> batch) {
        ActiveRun run = runs.accepting(batch);
        return run == null ? List.of() : FailureRecorder.eachAlone(run, batch, MatchingProcessor::matchOne);
    }

    private static boolean matchOne(ActiveRun run, PipelineRecord item, LedgerWrites writes) {
        MappedRecord mapped = item.mapped();
        if (run.matching() == null || mapped == null) {
            return item.isLoadable();
        }
        MatchStageDecision.Subject subject = new MatchStageDecision.Subject(item.itemId(), item.sourceName(),
                item.record().location().toString(), item.record().contentHash());
        MatchStageDecision.Result result = MatchStageDecision.decide(run, subject, mapped, writes);
        item.setMapped(result.mapped());
        switch (result.verdict()) {
            case GO_ON -> item.setLoadable(true);
            case HELD -> item.setLoadable(false);
            case WAIT_FOR_PATIENT -> {
                // Decided and linked; sent once the patient it adds to is on the target (the run's last pass).
                item.setLoadable(false);
                if (!run.defer(item)) {
                    // The run's last pass began meanwhile: decided again, the merged patient goes with it now.
                    return matchOne(run, item, writes);
                }
            }
            case UNKNOWN_PATIENT -> {
                item.setLoadable(false);
                if (!run.defer(item)) {
                    MatchStageDecision.holdUnknownPatient(run, subject, result.mapped(), result.unknown(), writes);
                }
            }
        }
        return item.isLoadable();
    }
}
