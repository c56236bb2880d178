package io.chartbridge.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.PriorDecision;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.matching.Band;
import io.chartbridge.matching.MatchDecision;
import io.chartbridge.matching.ScoredPair;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Match stage: decides which patient each record belongs to. MATCH links the record to the one existing patient it
 * matched (its own Patient is not loaded; its other resources point at that patient); POSSIBLE_MATCH holds the
 * record for a person with the candidates and their explanations; NO_MATCH makes it a new patient. Every decision
 * is recorded in the ledger with its explanation. Without matching enabled, records pass unchanged.
 */
@Component("matchingProcessor")
public class MatchingProcessor {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            matching.prefetch(batch.stream().map(MatchingProcessor::ownPatient).filter(java.util.Objects::nonNull)
                    .map(MappedResource::json).toList());
        }
        return batch;
    }

    private static MappedResource ownPatient(PipelineRecord item) {
        MappedRecord mapped = item.mapped();
        return mapped == null ? null : mapped.resources().stream()
                .filter(r -> r.type().equals("Patient")).findFirst().orElse(null);
    }

    /** One record at a time, whichever thread completes its batch, so the run index grows one decision at a time. */
    public synchronized PipelineRecord match(PipelineRecord item) {
        ActiveRun run = runs.current();
        RunMatching matching = run.matching();
        MappedRecord mapped = item.mapped();
        MappedResource patient = ownPatient(item);
        if (matching == null) {
            return item;
        }
        if (patient == null) {
            // No Patient of its own (a lab page, an encounter row): point it at whoever its patient was linked to.
            if (mapped != null) {
                item.setMapped(new MappedRecord(mapped.location(),
                        PatientReferences.rewrite(mapped.resources(), run::linkedReference, true),
                        mapped.reviewReasons()));
            }
            return item;
        }
        Optional<String> ownTargetId = run.ledger().targetId(run.target().key(), "Patient", patient.id())
                .filter(id -> !id.equals(patient.id()));
        Optional<PriorDecision> prior = run.reviewQueue().priorDecision(item.sourceName(), item.record().contentHash())
                .filter(p -> p.kind().isMatch());
        MatchDecision decision = matching.decide(patient.json(), ownTargetId, prior);
        run.ledger().recordDecision(run.runId(), item.itemId(), "MATCH", decision.band().name(),
                decision.pinned() ? prior.map(PriorDecision::actor).orElse("reviewer") : "chartbridge",
                explain(decision));

        switch (decision.band()) {
            case MATCH -> {
                String linked = "Patient/" + decision.chosenId();
                run.link(patient.reference(), linked);
                item.setMapped(new MappedRecord(mapped.location(),
                        PatientReferences.relink(mapped.resources(), patient.reference(), linked),
                        mapped.reviewReasons()));
                run.ledger().transition(item.itemId(), ItemState.MATCHED, String.format(Locale.ROOT,
                        "linked to %s (%s, probability %.4f)", linked, decision.reason(), decision.probability()));
            }
            case POSSIBLE_MATCH -> hold(run, item, patient, decision, matching);
            case NO_MATCH -> {
                matching.remember(patient.json());
                run.ledger().transition(item.itemId(), ItemState.MATCHED, decision.pinned()
                        ? "new patient (decided in review)" : "new patient");
            }
        }
        return item;
    }

    private static void hold(ActiveRun run, PipelineRecord item, MappedResource patient, MatchDecision decision,
                             RunMatching matching) {
        ReviewKind kind = decision.reason().contains("duplicate") ? ReviewKind.POSSIBLE_DUPLICATE
                : ReviewKind.POSSIBLE_MATCH;
        double reviewThreshold = matching.rules().reviewThreshold();
        List<ReviewPayloads.Candidate> candidates = decision.candidates().stream()
                .filter(c -> c.band() != Band.NO_MATCH || c.probability() >= reviewThreshold)
                .map(c -> new ReviewPayloads.Candidate("Patient/" + c.rightId(), c.probability(), c.score(),
                        c.band().name(), matching.candidateResource(c.rightId()), JSON.valueToTree(c.explanation())))
                .toList();
        String reason = String.format(Locale.ROOT, "%s: best candidate probability %.4f",
                kind == ReviewKind.POSSIBLE_DUPLICATE ? "possible duplicate of several existing patients"
                        : "possible match", decision.probability());
        run.reviewQueue().add(new NewReviewItem(run.runId(), item.itemId(), kind, item.sourceName(),
                item.record().location().toString(), item.record().contentHash(), patient.reference(), reason,
                ReviewPayloads.match(patient.json(), candidates, item.mapped().resources())));
        run.ledger().transition(item.itemId(), ItemState.NEEDS_REVIEW, reason);
        item.setLoadable(false);
    }

    /** The decision as JSON for the ledger: band, probability and each candidate's per-field explanation. */
    private static String explain(MatchDecision decision) {
        ObjectNode d = JSON.createObjectNode();
        d.put("band", decision.band().name());
        d.put("chosen", decision.chosenId());
        d.put("probability", decision.probability());
        d.put("reason", decision.reason());
        d.put("pinned", decision.pinned());
        var list = d.putArray("candidates");
        for (ScoredPair c : decision.candidates()) {
            list.add(JSON.valueToTree(c));
        }
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            return "{\"band\":\"" + decision.band() + "\"}";
        }
    }
}
