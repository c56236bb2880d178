package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.app.scan.ScanReviewItems;
import io.chartbridge.connector.scans.ScannedPageRecord;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import java.util.ArrayList;
import java.util.List;
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
        List<NewReviewItem> questions = reviewQuestions(run, item, mapped);
        if (!questions.isEmpty()) {
            String reasons = String.join("; ", questions.stream().map(NewReviewItem::reason).toList());
            questions.forEach(q -> run.reviewQueue().add(q));
            run.ledger().transition(item.itemId(), ItemState.NEEDS_REVIEW, reasons);
            run.ledger().recordDecision(run.runId(), item.itemId(), "MAPPING", "NEEDS_REVIEW", "chartbridge", reasons);
            item.setLoadable(false);
            return item;
        }
        run.ledger().transition(item.itemId(), ItemState.MAPPED, null);
        item.setLoadable(true);
        return item;
    }

    /**
     * What a person must answer before the record may go on: uncertain OCR fields of a scanned page (with the
     * field's box and where its value landed), and the mapping's own review reasons (an unmapped code kept under an
     * {@code onUnmapped: review} policy).
     */
    private static List<NewReviewItem> reviewQuestions(ActiveRun run, PipelineRecord item, MappedRecord mapped) {
        List<NewReviewItem> questions = new ArrayList<>();
        if (item.record() instanceof ScannedPageRecord page) {
            questions.addAll(ScanReviewItems.of(run.runId(), item.itemId(), page, mapped.resources()));
        }
        for (String reason : mapped.reviewReasons()) {
            ReviewKind kind = reason.contains("code") ? ReviewKind.UNMAPPED_CODE : ReviewKind.INVALID_RESOURCE;
            String subject = reason.contains(":") ? reason.substring(0, reason.indexOf(':')) : null;
            questions.add(new NewReviewItem(run.runId(), item.itemId(), kind, item.sourceName(),
                    item.record().location().toString(), item.record().contentHash(), subject, reason,
                    ReviewPayloads.invalidResource(reason, null, List.of(), mapped.resources())));
        }
        return questions;
    }

    private static void quarantine(ActiveRun run, PipelineRecord item, String reason) {
        run.ledger().transition(item.itemId(), ItemState.QUARANTINED, reason);
        item.setLoadable(false);
    }
}
