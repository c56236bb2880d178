package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.LedgerWrites;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.MappingReviewItems;
import io.chartbridge.app.scan.ScanReviewItems;
import io.chartbridge.connector.scans.ScannedPageRecord;
import io.chartbridge.core.review.CodeTableAdditions;
import io.chartbridge.core.review.NewReviewItem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Map stage: turns records into FHIR resources with their source's mapping, a chunk at a time, stamps their lineage
 * and validates them against FHIR R4. A record the mapping rejects, or whose resources are not valid, is quarantined with the reason;
 * one the mapping is unsure of is held for review.
 */
@Component("mappingProcessor")
public class MappingProcessor {

    private final RunContext runs;
    private final ResourceValidation validation;
    /** The code tables' files, read once; each run adds the codes reviewers added to them in its project. */
    private final CodeTables codeTables = new CodeTables();

    public MappingProcessor(RunContext runs, ResourceValidation validation) {
        this.runs = runs;
        this.validation = validation;
    }

    /**
     * Maps a chunk of records and returns those that go on to the match stage. The chunk's new states are written in
     * one transaction before any record goes on; a record that fails unexpectedly fails alone.
     */
    public List<PipelineRecord> map(List<PipelineRecord> chunk) {
        ActiveRun run = runs.accepting(chunk);
        if (run == null) {
            return List.of();
        }
        List<PipelineRecord> again = chunk.stream().filter(PipelineRecord::mappedBefore).toList();
        if (again.isEmpty()) {
            return FailureRecorder.eachAlone(run, chunk, this::mapOne);
        }
        List<PipelineRecord> onward = new ArrayList<>(FailureRecorder.eachAlone(run,
                chunk.stream().filter(r -> !r.mappedBefore()).toList(), this::mapOne));
        onward.addAll(mapAgain(run, again));
        return onward;
    }

    /**
     * Records the ledger shows MAPPED already (a redelivery, see {@link PipelineRecord#mappedBefore}): mapped again to
     * be passed on, their ledger writes dropped, as they were written the first time. The match stage takes each
     * item once.
     */
    private List<PipelineRecord> mapAgain(ActiveRun run, List<PipelineRecord> again) {
        List<PipelineRecord> onward = new ArrayList<>();
        for (PipelineRecord item : again) {
            try {
                if (mapOne(run, item, new LedgerWrites())) {
                    onward.add(item);
                }
            } catch (RuntimeException e) {
                // It mapped once; the ledger keeps that. A later run takes the item up if it goes no further.
                org.slf4j.LoggerFactory.getLogger(MappingProcessor.class).warn(
                        "Item {} at {} mapped before did not map again ({})", item.itemId(),
                        item.record().location(), e.getClass().getSimpleName());
            }
        }
        return onward;
    }

    private boolean mapOne(ActiveRun run, PipelineRecord item, LedgerWrites writes) {
        RecordMapper mapper = run.mapper(item.sourceName());
        MappedRecord mapped;
        try {
            mapped = mapper.map(item.record());
        } catch (MappingException e) {
            return quarantine(item, e.getMessage(), writes);
        }
        String lineage = Lineage.of(run.runId(), mapper.mappingId(), item.record().location());
        for (MappedResource r : mapped.resources()) {
            Lineage.stamp(r, lineage);
            String invalid = validation.problems(r);
            if (invalid != null) {
                return quarantine(item, invalid, writes);
            }
        }
        MappingReviewItems.Questions fromMapping = mappingQuestions(run, item, mapped);
        mapped = fromMapping.mapped();
        item.setMapped(mapped);
        List<NewReviewItem> questions = reviewQuestions(run, item, mapped, fromMapping.questions());
        if (!questions.isEmpty()) {
            String reasons = String.join("; ", questions.stream().map(NewReviewItem::reason).toList());
            questions.forEach(q -> run.reviewQueue().add(q));
            writes.transition(item.itemId(), ItemState.NEEDS_REVIEW, reasons);
            writes.decision(run.runId(), item.itemId(), "MAPPING", "NEEDS_REVIEW", "chartbridge", reasons);
            item.setLoadable(false);
            return false;
        }
        writes.transition(item.itemId(), ItemState.MAPPED, null);
        item.setLoadable(true);
        return true;
    }

    /**
     * What a person must answer before the record may go on: uncertain OCR fields of a scanned page (with the
     * field's box and where its value landed), and the mapping's own review reasons (an unmapped code kept under an
     * {@code onUnmapped: review} policy, with its code table: see {@link MappingReviewItems}).
     */
    private static List<NewReviewItem> reviewQuestions(ActiveRun run, PipelineRecord item, MappedRecord mapped,
                                                       List<NewReviewItem> fromMapping) {
        List<NewReviewItem> questions = new ArrayList<>();
        if (item.record() instanceof ScannedPageRecord page) {
            questions.addAll(ScanReviewItems.of(run.runId(), item.itemId(), page, mapped.resources()));
        }
        questions.addAll(fromMapping);
        return questions;
    }

    /** The mapping's questions; the ledger is asked for earlier decisions only when there is an unmapped code. */
    private MappingReviewItems.Questions mappingQuestions(ActiveRun run, PipelineRecord item, MappedRecord mapped) {
        if (!mapped.needsReview()) {
            return new MappingReviewItems.Questions(mapped, List.of());
        }
        MappingReviewItems reviewItems = new MappingReviewItems(
                codeTables.withAdditions(new CodeTableAdditions(run.ledger(), Clock.systemUTC())));
        return reviewItems.of(new MappingReviewItems.Held(run.runId(), item.itemId(), item.sourceName(),
                        item.record().location().toString(), item.record().contentHash()), mapped,
                mapped.unmappedCodes().isEmpty() ? List.of()
                        : run.reviewQueue().priorDecisions(item.sourceName(), item.record().contentHash()));
    }

    private static boolean quarantine(PipelineRecord item, String reason, LedgerWrites writes) {
        writes.transition(item.itemId(), ItemState.QUARANTINED, reason);
        item.setLoadable(false);
        return false;
    }
}
