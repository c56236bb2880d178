package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappingException;
import org.springframework.stereotype.Component;

/**
 * Map stage: turns a record into FHIR resources with its source's mapping. A record the mapping rejects is
 * quarantined with the mapping's reason; one the mapping is unsure of is held for review.
 */
@Component("mappingProcessor")
public class MappingProcessor {

    private final RunContext runs;

    public MappingProcessor(RunContext runs) {
        this.runs = runs;
    }

    public PipelineRecord map(PipelineRecord item) {
        ActiveRun run = runs.current();
        MappedRecord mapped;
        try {
            mapped = run.mapper(item.sourceName()).map(item.record());
        } catch (MappingException e) {
            run.ledger().transition(item.itemId(), ItemState.QUARANTINED, e.getMessage());
            item.setLoadable(false);
            return item;
        }
        item.setMapped(mapped);
        if (mapped.needsReview()) {
            run.ledger().transition(item.itemId(), ItemState.NEEDS_REVIEW, String.join("; ", mapped.reviewReasons()));
            run.ledger().recordDecision(run.runId(), item.itemId(), "MAPPING", "NEEDS_REVIEW", "chartbridge",
                    String.join("; ", mapped.reviewReasons()));
            item.setLoadable(false);
            return item;
        }
        run.ledger().transition(item.itemId(), ItemState.MAPPED, null);
        item.setLoadable(true);
        return item;
    }
}
