package io.chartbridge.app.review;

import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.UnmappedCode;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.PriorDecision;
import io.chartbridge.core.review.ReviewAction;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The review questions a mapping raises about one record. A code the table does not list becomes an
 * {@code UNMAPPED_CODE} item carrying the code, its source column and system, the code table (whose target codes
 * the console lists) and where the code landed; any other review reason an {@code INVALID_RESOURCE} item. A code a
 * person already chose for the same record (same source, content hash and subject) in an earlier run is applied
 * instead of asking again.
 */
public final class MappingReviewItems {

    /** The record as it goes on (earlier choices applied; only what is still asked left in review) and the questions. */
    public record Questions(MappedRecord mapped, List<NewReviewItem> questions) {
    }

    /** Which record of which run, without its values. */
    public record Held(long runId, long itemId, String sourceName, String location, String contentHash) {
    }

    private final CodeTables codeTables;

    public MappingReviewItems(CodeTables codeTables) {
        this.codeTables = codeTables;
    }

    /** The subject of an unmapped-code question: stable across runs, and without the code itself. */
    public static String subject(UnmappedCode code) {
        return code.sourceColumn() + " (code table " + code.codeTable() + ") at " + code.reference() + code.pointer();
    }

    public Questions of(Held held, MappedRecord mapped, List<PriorDecision> prior) {
        List<MappedResource> resources = mapped.resources();
        List<String> otherReasons = new ArrayList<>(mapped.reviewReasons());
        List<UnmappedCode> asked = new ArrayList<>();
        List<String> askedReasons = new ArrayList<>();
        for (UnmappedCode code : mapped.unmappedCodes()) {
            String reason = reasonFor(code, otherReasons);
            otherReasons.remove(reason);
            Optional<String> chosen = priorChoice(code, prior);
            if (chosen.isPresent()) {
                resources = HeldRecordEdits.correct(resources,
                        List.of(new ReviewPayloads.ValueTarget(code.reference(), code.pointer())), chosen.get(),
                        codeTables.coding(code.codeTablePath(), chosen.get()));
            } else {
                asked.add(code);
                askedReasons.add(reason);
            }
        }
        List<NewReviewItem> questions = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            UnmappedCode code = asked.get(i);
            questions.add(new NewReviewItem(held.runId(), held.itemId(), ReviewKind.UNMAPPED_CODE, held.sourceName(),
                    held.location(), held.contentHash(), subject(code), askedReasons.get(i),
                    ReviewPayloads.unmappedCode(code, resources)));
        }
        for (String reason : otherReasons) {
            String subject = reason.contains(":") ? reason.substring(0, reason.indexOf(':')) : null;
            questions.add(new NewReviewItem(held.runId(), held.itemId(), ReviewKind.INVALID_RESOURCE,
                    held.sourceName(), held.location(), held.contentHash(), subject, reason,
                    ReviewPayloads.invalidResource(reason, null, List.of(), resources)));
        }
        List<String> reasons = new ArrayList<>(askedReasons);
        reasons.addAll(otherReasons);
        return new Questions(new MappedRecord(mapped.location(), resources, reasons, asked), questions);
    }

    /** The target code a person chose for this very question in an earlier run, if it is still in the table. */
    private Optional<String> priorChoice(UnmappedCode code, List<PriorDecision> prior) {
        if (code.codeTablePath() == null) {
            return Optional.empty();
        }
        String subject = subject(code);
        return prior.stream()
                .filter(p -> p.kind() == ReviewKind.UNMAPPED_CODE && subject.equals(p.subject())
                        && p.decision().action() == ReviewAction.CORRECT_VALUE)
                .reduce((earlier, later) -> later)
                .map(p -> p.decision().value())
                .filter(value -> codeTables.find(code.codeTablePath(), value).isPresent());
    }

    /** The engine's reason for this code ("SEX: code not in table 'gender'; kept as written"). */
    private static String reasonFor(UnmappedCode code, List<String> reasons) {
        String prefix = code.sourceColumn() + ": ";
        return reasons.stream().filter(r -> r.startsWith(prefix) && r.contains("'" + code.codeTable() + "'"))
                .findFirst().orElse(prefix + "code not in table '" + code.codeTable() + "'");
    }
}
