package io.chartbridge.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.LedgerWrites;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.PriorDecision;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.matching.Band;
import io.chartbridge.matching.Explanation;
import io.chartbridge.matching.MatchDecision;
import io.chartbridge.matching.PatientMatcher;
import io.chartbridge.matching.ScoredPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The match stage's decision for one record, in one place for the stage itself and for a record a person released
 * from review (which has not been through the stage yet): MATCH links the record to the one existing patient it
 * matched; POSSIBLE_MATCH holds it for a person; NO_MATCH makes it a new patient. A record without a Patient of its
 * own is pointed at whoever its patient was linked to, and is {@link Verdict#UNKNOWN_PATIENT} when that patient is
 * neither linked, nor in this run, nor in the target.
 */
final class MatchStageDecision {

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Verdict {
        /** Goes on to the load stage with {@link Result#mapped()}. */
        GO_ON,
        /** Held for a person (a match question was queued; the ledger item is NEEDS_REVIEW). */
        HELD,
        /** Refers to patients nobody knows yet ({@link Result#unknown()}: reference to the resources referring). */
        UNKNOWN_PATIENT,
        /**
         * Linked to a patient of this run that is not on the target yet, and adds to it: kept back until the run's
         * other records are loaded, so that the merged patient is not overtaken by the patient's own Patient.
         */
        WAIT_FOR_PATIENT
    }

    record Result(Verdict verdict, MappedRecord mapped, Map<String, List<String>> unknown) {
    }

    /** The record being decided: its ledger item and what identifies it for the review queue. */
    record Subject(long itemId, String sourceName, String location, String contentHash) {
    }

    private MatchStageDecision() {
    }

    /**
     * Decides one record. The decision and the record's new state go to {@code writes}, which the caller applies
     * before the record goes on; links and review questions are written at once.
     */
    static Result decide(ActiveRun run, Subject item, MappedRecord mapped, LedgerWrites writes) {
        RunMatching matching = run.matching();
        MappedResource patient = ownPatient(mapped);
        if (patient == null) {
            // No Patient of its own (a lab page, an encounter row): point it at whoever its patient was linked to.
            MappedRecord relinked = new MappedRecord(mapped.location(),
                    PatientReferences.rewrite(mapped.resources(), run::linkedReference, true),
                    mapped.reviewReasons(), mapped.unmappedCodes());
            Map<String, List<String>> unknown = unknownPatients(run, relinked.resources());
            return new Result(unknown.isEmpty() ? Verdict.GO_ON : Verdict.UNKNOWN_PATIENT, relinked, unknown);
        }
        Optional<String> ownTargetId = run.ledger().targetId(run.target().key(), "Patient", patient.id())
                .filter(id -> !id.equals(patient.id()));
        // The latest answer a person gave to a match question about this very record, if any.
        Optional<PriorDecision> prior = run.reviewQueue().priorDecisions(item.sourceName(), item.contentHash())
                .stream().filter(p -> p.kind().isMatch()).reduce((first, second) -> second);
        boolean cameBack = matching.isWaitingForPatient(patient.id());
        MatchDecision decision = matching.decide(patient.json(), ownTargetId, prior);
        if (!cameBack) {
            writes.decision(run.runId(), item.itemId(), "MATCH", decision.band().name(),
                    decision.pinned() ? prior.map(PriorDecision::actor).orElse("reviewer") : "chartbridge",
                    explain(decision));
        }

        return switch (decision.band()) {
            case MATCH -> {
                String linked = "Patient/" + decision.chosenId();
                if (!cameBack) {
                    run.link(patient.reference(), linked);
                    writes.transition(item.itemId(), ItemState.MATCHED, String.format(Locale.ROOT,
                            "linked to %s (%s, probability %.4f)", linked, decision.reason(),
                            decision.probability()));
                }
                List<MappedResource> resources = new ArrayList<>(
                        PatientReferences.relink(mapped.resources(), patient.reference(), linked));
                Optional<MappedResource> merged = merge(run, matching, patient, decision.chosenId());
                if (merged == null) {
                    matching.waitForPatient(patient.id(), decision);
                    yield new Result(Verdict.WAIT_FOR_PATIENT, mapped, Map.of());
                }
                merged.ifPresent(resources::add);
                yield new Result(Verdict.GO_ON, new MappedRecord(mapped.location(), resources,
                        mapped.reviewReasons(), mapped.unmappedCodes()), Map.of());
            }
            case POSSIBLE_MATCH -> {
                hold(run, item, mapped, patient, decision, matching, writes);
                yield new Result(Verdict.HELD, mapped, Map.of());
            }
            case NO_MATCH -> {
                // The patient keeps what records linked to it in earlier runs added (the ledger knows).
                MappedResource sent = withMerges(run, patient);
                matching.remember(patient.json(), sent.contentHash());
                run.passedAsOwnPatient(patient.reference());
                writes.transition(item.itemId(), ItemState.MATCHED, decision.pinned()
                        ? "new patient (decided in review)" : "new patient");
                yield new Result(Verdict.GO_ON, sent == patient ? mapped : new MappedRecord(mapped.location(),
                        mapped.resources().stream().map(r -> r == patient ? sent : r).toList(),
                        mapped.reviewReasons(), mapped.unmappedCodes()), Map.of());
            }
        };
    }

    /**
     * Merge, don't drop: records what the linked record's own Patient adds to patient {@code patientId} and returns
     * the patient's merged Patient to send on with the record, when it changes: empty when there is nothing new to
     * add or no content to add it to (the merge is then applied when the patient's own record passes again); null
     * when the patient is one of this run's records that is not on the target yet and the run can still keep this
     * record back (its merged Patient must not be overtaken by the patient's own).
     */
    private static Optional<MappedResource> merge(ActiveRun run, RunMatching matching, MappedResource linkedRecord,
                                                  String patientId) {
        ObjectNode contribution = PatientMerge.contribution(linkedRecord.json());
        if (contribution.isEmpty()) {
            return Optional.empty();
        }
        String patientReference = "Patient/" + patientId;
        String targetKey = run.target().key();
        run.ledger().recordMerge(targetKey, patientReference, linkedRecord.id(), PatientMerge.write(contribution),
                run.runId());
        Optional<RunMatching.MergeBase> base = matching.mergeBase(patientId);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode merged = PatientMerge.apply(base.get().content(), merges(run, patientReference));
        String hash = PatientReferences.hash(merged);
        if (base.get().runPatient()) {
            if (hash.equals(base.get().sentHash())) {
                return Optional.empty();
            }
            if (run.deferralsOpen() && !run.targetHolds("Patient", patientId, base.get().sentHash())) {
                return null;
            }
            matching.sentPatient(patientId, hash);
        } else if (merged.equals(base.get().content())) {
            return Optional.empty();
        }
        return Optional.of(new MappedResource("Patient", patientId, merged, null, hash));
    }

    /** The record's own Patient with what linked records added to it (in earlier runs or this one). */
    private static MappedResource withMerges(ActiveRun run, MappedResource patient) {
        List<ObjectNode> merges = merges(run, patient.reference());
        if (merges.isEmpty() || !PatientMerge.adds(patient.json(), merges)) {
            return patient;
        }
        ObjectNode merged = PatientMerge.apply(patient.json(), merges);
        return new MappedResource(patient.type(), patient.id(), merged, patient.identifier(),
                PatientReferences.hash(merged));
    }

    private static List<ObjectNode> merges(ActiveRun run, String patientReference) {
        return run.ledger().mergesInto(run.target().key(), patientReference).stream().map(PatientMerge::parse)
                .toList();
    }

    static MappedResource ownPatient(MappedRecord mapped) {
        return mapped == null ? null : mapped.resources().stream()
                .filter(r -> r.type().equals("Patient")).findFirst().orElse(null);
    }

    /**
     * Holds a record whose patients nobody knows with one UNKNOWN_PATIENT question per such patient, so that a person
     * links it to a patient the target holds (or quarantines it) instead of the target refusing it at load.
     */
    static void holdUnknownPatient(ActiveRun run, Subject item, MappedRecord mapped, Map<String, List<String>> unknown,
                                   LedgerWrites writes) {
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : unknown.entrySet()) {
            String reason = e.getKey() + ": " + run.whyUnknown(e.getKey());
            reasons.add(reason);
            run.reviewQueue().add(new NewReviewItem(run.runId(), item.itemId(), ReviewKind.UNKNOWN_PATIENT,
                    item.sourceName(), item.location(), item.contentHash(), e.getKey(), reason,
                    ReviewPayloads.unknownPatient(e.getKey(), e.getValue(), mapped.resources())));
        }
        writes.decision(run.runId(), item.itemId(), "MATCH", ReviewKind.UNKNOWN_PATIENT.name(),
                "chartbridge", String.join("; ", reasons));
        writes.transition(item.itemId(), ItemState.NEEDS_REVIEW, String.join("; ", reasons));
    }

    /** Patient references (after linking) that are neither linked, nor a patient of this run, nor in the target. */
    private static Map<String, List<String>> unknownPatients(ActiveRun run, List<MappedResource> resources) {
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        for (MappedResource r : resources) {
            for (String ref : PatientReferences.references(r.json())) {
                if (ref.startsWith("Patient/") && !run.knowsPatient(ref)) {
                    unknown.computeIfAbsent(ref, k -> new ArrayList<>()).add(r.reference());
                }
            }
        }
        return unknown;
    }

    private static void hold(ActiveRun run, Subject item, MappedRecord mapped, MappedResource patient,
                             MatchDecision decision, RunMatching matching, LedgerWrites writes) {
        ReviewKind kind = decision.reason().contains("duplicate") ? ReviewKind.POSSIBLE_DUPLICATE
                : ReviewKind.POSSIBLE_MATCH;
        double reviewThreshold = matching.rules().reviewThreshold();
        List<ReviewPayloads.Candidate> candidates = decision.candidates().stream()
                .filter(c -> c.band() != Band.NO_MATCH || c.probability() >= reviewThreshold)
                .map(c -> new ReviewPayloads.Candidate("Patient/" + c.rightId(), c.probability(), c.score(),
                        c.band().name(), matching.candidateResource(c.rightId()), JSON.valueToTree(c.explanation())))
                .toList();
        String what = kind == ReviewKind.POSSIBLE_DUPLICATE ? "possible duplicate of several existing patients"
                : PatientMatcher.WAITING_FOR_REVIEW_REASON.equals(decision.reason())
                ? PatientMatcher.WAITING_FOR_REVIEW_REASON + " (decide that record first)"
                : decision.reason().startsWith(PatientMatcher.CUT_OFF_REASON) ? decision.reason() : "possible match";
        String reason = String.format(Locale.ROOT, "%s: best candidate probability %.4f", what,
                decision.probability());
        run.reviewQueue().add(new NewReviewItem(run.runId(), item.itemId(), kind, item.sourceName(),
                item.location(), item.contentHash(), patient.reference(), reason,
                ReviewPayloads.match(patient.json(), candidates, mapped.resources())));
        run.heldForReview(patient.reference());
        matching.rememberHeld(patient.json());
        writes.transition(item.itemId(), ItemState.NEEDS_REVIEW, reason);
    }

    /**
     * The decision as the ledger keeps it: what was decided and why, without a patient's values. Band, chosen
     * patient, probability, reason, whether a person's decision was applied, and per candidate its id, band,
     * probability, score and each comparison's level and weight, and the vetoes that fired. The compared values
     * (names, birth dates, phones, addresses) stay out: a review item's payload holds what a person must see, and
     * every view of it is logged; the decision table is read without such a log.
     */
    static String explain(MatchDecision decision) {
        ObjectNode d = JSON.createObjectNode();
        d.put("band", decision.band().name());
        d.put("chosen", decision.chosenId());
        d.put("probability", decision.probability());
        d.put("reason", decision.reason());
        d.put("pinned", decision.pinned());
        ArrayNode list = d.putArray("candidates");
        for (ScoredPair c : decision.candidates()) {
            ObjectNode candidate = list.addObject();
            candidate.put("id", c.rightId());
            candidate.put("band", c.band().name());
            candidate.put("probability", c.probability());
            candidate.put("score", c.score());
            candidate.put("prior", c.explanation().prior());
            ArrayNode levels = candidate.putArray("levels");
            for (Explanation.FieldWeight f : c.explanation().fields()) {
                levels.addObject().put("comparison", f.comparison()).put("level", f.level())
                        .put("weight", f.weight());
            }
            ArrayNode vetoes = candidate.putArray("vetoes");
            c.explanation().vetoes().forEach(v -> vetoes.add(v.name()));
        }
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            return "{\"band\":\"" + decision.band() + "\"}";
        }
    }
}
