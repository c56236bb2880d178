package io.chartbridge.app.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.run.ReleasedRecordMatching;
import io.chartbridge.app.run.TargetFactory;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.ReviewAction;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.review.ReviewStatus;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a held record to the project's target once every question about it is answered: the stored mapped
 * resources, changed as the decisions say (see {@link HeldRecordEdits}), are loaded like the load stage does
 * (created, updated, or left alone when the target already holds the same content) and the ledger item moves to
 * LOADED. A record no person decided the patient of (held for an OCR field, a code, an invalid value) has not been
 * through the match stage yet, so it goes through it first ({@link ReleasedRecordMatching}): it may be linked to an
 * existing patient, or held again with a POSSIBLE_MATCH or UNKNOWN_PATIENT question instead of being loaded.
 * Releases run one at a time, because file targets are not meant for concurrent writers.
 */
public class TargetHeldRecordRelease implements HeldRecordRelease {

    private static final Logger LOG = LoggerFactory.getLogger(TargetHeldRecordRelease.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;
    private final ReviewQueue queue;
    private final TargetFactory targets;
    private final TargetSpec targetSpec;
    private final CodeTables codeTables;
    private final ReleasedRecordMatching matching;
    private final DecisionCheck check;

    /** Releases into the project's target, through the project's patient matching when it has it enabled. */
    public TargetHeldRecordRelease(Ledger ledger, ReviewQueue queue, TargetFactory targets, Project project,
                                   CodeTables codeTables) {
        this.ledger = ledger;
        this.queue = queue;
        this.targets = targets;
        this.targetSpec = project.target();
        this.codeTables = codeTables;
        this.matching = new ReleasedRecordMatching(project, targets.fhirContext());
        this.check = new DecisionCheck(ledger, queue, targets, targetSpec, codeTables);
    }

    /** Refuses a decision that cannot be carried out as meant: see {@link DecisionCheck}. */
    @Override
    public void check(ReviewItem item, Decision decision) {
        check.check(item, decision);
    }

    @Override
    public synchronized Released release(ReviewItem item, Decision decision) {
        if (decision.action() == ReviewAction.SKIP) {
            return new Released(Outcome.WAITING, "skipped: the record stays held");
        }
        if (decision.action() == ReviewAction.QUARANTINE) {
            ledger.transition(item.itemId(), ItemState.QUARANTINED, "quarantined in review (review item "
                    + item.id() + ")");
            return new Released(Outcome.QUARANTINED, "quarantined");
        }
        List<ReviewItem> questions = queue.forLedgerItem(item.itemId());
        long pending = questions.stream().filter(ReviewItem::isPending).count();
        if (pending > 0) {
            return new Released(Outcome.WAITING, pending + " other question(s) about this record are still open");
        }
        List<MappedResource> resources = ReviewPayloads.held(item.payload());
        boolean personDecidedThePatient = false;
        List<String[]> links = new ArrayList<>();
        for (ReviewItem q : questions) {
            if (q.status() == ReviewStatus.DECIDED) {
                Decision d = q.id() == item.id() ? decision : decisionOf(q);
                resources = apply(resources, q, d);
                personDecidedThePatient |= q.kind().isMatch() || q.kind() == ReviewKind.UNKNOWN_PATIENT;
                if (d.action() == ReviewAction.LINK) {
                    links.add(new String[] {patientOf(q), d.candidate()});
                }
            }
        }
        try (FhirTarget target = targets.create(targetSpec)) {
            target.verify();
            String linkedTo = null;
            for (String[] link : links) {
                // Checked when the decision was taken; asked again, since the patient must be there when we link.
                if (!DecisionCheck.targetHolds(ledger, target, link[1])) {
                    String reason = "the target holds no " + link[1] + ", the patient a reviewer linked the record"
                            + " to (review item " + item.id() + "); nothing loaded";
                    ledger.transition(item.itemId(), ItemState.FAILED, reason);
                    return new Released(Outcome.FAILED, reason);
                }
                matching.link(ledger, target, item.runId(), link[0], link[1]);
                linkedTo = link[1];
            }
            if (!personDecidedThePatient && matching.enabled()) {
                ReleasedRecordMatching.Result matched = matching.decide(ledger, target, item, resources);
                if (matched.verdict() == ReleasedRecordMatching.Verdict.HELD) {
                    long open = queue.forLedgerItem(item.itemId()).stream().filter(ReviewItem::isPending).count();
                    return new Released(Outcome.WAITING, "held again by the match stage: " + open
                            + " new question(s) about this record");
                }
                if (matched.resources().size() < resources.size()) {
                    linkedTo = "the existing patient the match stage linked it to";
                }
                resources = matched.resources();
            }
            return load(target, item, resources, linkedTo);
        } catch (TargetUnavailableException e) {
            ledger.transition(item.itemId(), ItemState.FAILED, "target unavailable: " + e.getMessage());
            return new Released(Outcome.FAILED, "the target is unavailable: " + e.getMessage());
        }
    }

    /** The Patient a question's LINK answer is about: the incoming record, or the patient nobody knew. */
    private static String patientOf(ReviewItem q) {
        return q.kind() == ReviewKind.UNKNOWN_PATIENT ? q.payload().path("reference").asText()
                : q.payload().path("recordId").asText();
    }

    private List<MappedResource> apply(List<MappedResource> resources, ReviewItem q, Decision d) {
        return switch (d.action()) {
            case LINK -> HeldRecordEdits.link(resources, patientOf(q), d.candidate());
            case CORRECT_VALUE -> HeldRecordEdits.correct(resources, ReviewPayloads.targets(q.payload()), d.value(),
                    codingFor(q, d.value()));
            default -> resources;
        };
    }

    private Optional<Map<String, String>> codingFor(ReviewItem q, String code) {
        return codeTables.coding(q.payload().path("codeTablePath").asText(null), code);
    }

    /**
     * Loads what is left of the record. Nothing left is LOADED only when the record was linked to an existing patient
     * the target holds (its Patient was all it had): the record is then in the target as that patient. Otherwise a
     * record that loads nothing is not LOADED.
     */
    private Released load(FhirTarget target, ReviewItem item, List<MappedResource> resources, String linkedTo) {
        if (resources.isEmpty()) {
            if (linkedTo == null) {
                String reason = "the decisions left nothing of the record to load (review item " + item.id() + ")";
                ledger.transition(item.itemId(), ItemState.FAILED, reason);
                return new Released(Outcome.FAILED, reason);
            }
            ledger.transition(item.itemId(), ItemState.LOADED, "released by review item " + item.id()
                    + ": nothing of its own to load, its patient is " + linkedTo);
            return new Released(Outcome.LOADED, "nothing of its own to load: linked to " + linkedTo
                    + ", which the target holds");
        }
        Map<String, String> held = ledger.heldHashes(target.key(), resources);
        List<MappedResource> create = new ArrayList<>();
        List<MappedResource> update = new ArrayList<>();
        Map<String, LoadOutcome> outcomes = new HashMap<>();
        for (MappedResource r : resources) {
            String hash = held.get(r.reference());
            if (hash == null) {
                create.add(r);
            } else if (!hash.equals(r.contentHash())) {
                update.add(r);
            } else {
                outcomes.put(r.reference(), new LoadOutcome(r.type(), r.id(), LoadOutcome.Status.UNCHANGED,
                        null, null, null));
            }
        }
        zip(create, create.isEmpty() ? List.of() : target.load(asTargetKnowsThem(target, create)), outcomes);
        zip(update, update.isEmpty() ? List.of() : target.update(asTargetKnowsThem(target, update)), outcomes);
        target.finishRun();
        List<String> failures = new ArrayList<>();
        for (MappedResource r : resources) {
            LoadOutcome outcome = outcomes.get(r.reference());
            ledger.recordLoad(item.runId(), item.itemId(), target.key(), r, outcome);
            if (outcome.status() == LoadOutcome.Status.FAILED) {
                failures.add(r.type() + ": " + outcome.error());
            }
        }
        ledger.flushFieldFill(item.runId());
        if (!failures.isEmpty()) {
            ledger.transition(item.itemId(), ItemState.FAILED, String.join("; ", failures));
            return new Released(Outcome.FAILED, "the target refused: " + String.join("; ", failures));
        }
        ledger.transition(item.itemId(), ItemState.LOADED, "released by review item " + item.id());
        LOG.info("Review item {} released ledger item {} ({} resources)", item.id(), item.itemId(), resources.size());
        return new Released(Outcome.LOADED, resources.size() + " resource(s) loaded");
    }

    private List<MappedResource> asTargetKnowsThem(FhirTarget target, List<MappedResource> resources) {
        return ReleasedRecordMatching.asTargetKnowsThem(ledger, target, resources);
    }

    private static void zip(List<MappedResource> sent, List<LoadOutcome> got, Map<String, LoadOutcome> into) {
        if (got.size() != sent.size()) {
            throw new IllegalStateException("The target answered " + got.size() + " outcomes for " + sent.size()
                    + " resources");
        }
        for (int i = 0; i < sent.size(); i++) {
            into.put(sent.get(i).reference(), got.get(i));
        }
    }

    private static Decision decisionOf(ReviewItem q) {
        try {
            return JSON.readValue(q.decision(), Decision.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Review item " + q.id() + " has an unreadable decision", e);
        }
    }
}
