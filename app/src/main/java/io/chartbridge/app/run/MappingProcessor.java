package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.mapping.RecordMapper;
import org.springframework.stereotype.Component;

/**
 * Map stage: turns a record into FHIR resources with its source's mapping, stamps their lineage and validates them
 * against FHIR R4. A record the mapping rejects, or whose resources are not valid, is quarantined with the reason;
 * one the mapping is unsure of is held for review.
 */
@Component("mappingProcessor")
public class MappingProcessor {

    private final RunContext runs;
    private final ResourceValidation validation;

    public MappingProcessor(RunContext runs, ResourceValidation validation) {
        this.runs = runs;
        this.validation = validation;
    }

    public PipelineRecord map(PipelineRecord item) {
        ActiveRun run = runs.current();
        RecordMapper mapper = run.mapper(item.sourceName());
        MappedRecord mapped;
        try {
            mapped = mapper.map(item.record());
        } catch (MappingException e) {
            quarantine(run, item, e.getMessage());
            return item;
        }
        String lineage = Lineage.of(run.runId(), mapper.mappingId(), item.record().location());
        for (MappedResource r : mapped.resources()) {
            Lineage.stamp(r, lineage);
            String invalid = validation.problems(r);
            if (invalid != null) {
                quarantine(run, item, invalid);
                return item;
            }
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

    private static void quarantine(ActiveRun run, PipelineRecord item, String reason) {
        run.ledger().transition(item.itemId(), ItemState.QUARANTINED, reason);
        item.setLoadable(false);
    }
}
