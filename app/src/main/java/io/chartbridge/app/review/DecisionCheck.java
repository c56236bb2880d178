package io.chartbridge.app.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.app.run.TargetFactory;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.InvisibleCharacters;
import io.chartbridge.core.review.ReviewAction;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Refuses, before it is recorded, a decision that cannot be carried out as the reviewer meant it; the item stays in
 * the queue and the console answers 400 with the reason. A request is not trusted to carry only what the page
 * offered (a hidden field is easily edited), so:
 * <ul>
 *   <li>a match item's LINK or NOT_SAME_PERSON must name one of the item's own candidates, and a LINK only one the
 *       target confirms it holds (not a record of the run still waiting for its own review);</li>
 *   <li>an UNKNOWN_PATIENT item's LINK must name a patient ({@code Patient/<id>}) the target confirms it holds;</li>
 *   <li>an UNMAPPED_CODE item's code must be one of its code table's codes (or one a reviewer added to the table);</li>
 *   <li>a corrected value must not carry invisible control or bidi characters.</li>
 * </ul>
 * "The target confirms" means the target itself is asked ({@link FhirTarget#holds}), not the ledger's memory of it.
 */
final class DecisionCheck {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final Ledger ledger;
    private final ReviewQueue queue;
    private final TargetFactory targets;
    private final TargetSpec targetSpec;
    private final CodeTables codeTables;

    DecisionCheck(Ledger ledger, ReviewQueue queue, TargetFactory targets, TargetSpec targetSpec,
                  CodeTables codeTables) {
        this.ledger = ledger;
        this.queue = queue;
        this.targets = targets;
        this.targetSpec = targetSpec;
        this.codeTables = codeTables;
    }

    /**
     * @throws IllegalArgumentException when the decision is refused (the message says why)
     * @throws TargetUnavailableException when the target cannot say whether it holds the chosen patient
     */
    void check(ReviewItem item, Decision decision) {
        switch (decision.action()) {
            case LINK, NOT_SAME_PERSON -> checkPatient(item, decision);
            case CORRECT_VALUE -> checkValue(item, decision.value());
            default -> { }
        }
    }

    private void checkPatient(ReviewItem item, Decision decision) {
        String candidate = decision.candidate();
        if (item.kind().isMatch()) {
            List<String> offered = candidates(item.payload());
            if (candidate == null && decision.action() == ReviewAction.NOT_SAME_PERSON) {
                return;
            }
            if (!offered.contains(candidate)) {
                throw new IllegalArgumentException("candidate: " + candidate + " is not one of this item's candidates ("
                        + String.join(", ", offered) + ")");
            }
            if (decision.action() == ReviewAction.NOT_SAME_PERSON) {
                return;
            }
            List<ReviewItem> waiting = queue.undecidedAbout(candidate).stream()
                    .filter(other -> other.id() != item.id()).toList();
            if (!waiting.isEmpty()) {
                throw new IllegalArgumentException("candidate: " + candidate + " is a record still waiting"
                        + " for review (item " + waiting.get(0).id() + "); decide that one first");
            }
        } else if (item.kind() == ReviewKind.UNKNOWN_PATIENT) {
            if (!isPatientReference(candidate)) {
                throw new IllegalArgumentException("candidate: give the patient as Patient/<id> (letters, digits,"
                        + " '-' and '.', at most 64)");
            }
        } else {
            return;
        }
        try (FhirTarget target = targets.create(targetSpec)) {
            if (!targetHolds(ledger, target, candidate)) {
                throw new IllegalArgumentException("candidate: the target holds no " + candidate);
            }
        }
    }

    private void checkValue(ReviewItem item, String value) {
        String invisible = InvisibleCharacters.firstIn(value);
        if (invisible != null) {
            throw new IllegalArgumentException("value: contains an invisible control or bidi character ("
                    + invisible + ")");
        }
        if (item.kind() != ReviewKind.UNMAPPED_CODE) {
            return;
        }
        String table = item.payload().path("codeTablePath").asText(null);
        if (codeTables.find(table, value).isEmpty()) {
            throw new IllegalArgumentException("value: " + value + " is not a code of the table "
                    + item.payload().path("codeTable").asText("(none)") + "; choose one of its codes, or add the"
                    + " code to the table first");
        }
    }

    /**
     * Whether the target holds the patient {@code Patient/<id>}, asked of the target itself; a patient our load gave
     * an id of the server's (conditional create) is asked for under that id.
     */
    static boolean targetHolds(Ledger ledger, FhirTarget target, String reference) {
        if (!isPatientReference(reference)) {
            return false;
        }
        String id = reference.substring("Patient/".length());
        return target.holds("Patient", ledger.targetId(target.key(), "Patient", id).orElse(id));
    }

    private static boolean isPatientReference(String reference) {
        return reference != null && reference.startsWith("Patient/")
                && FHIR_ID.matcher(reference.substring("Patient/".length())).matches();
    }

    private static List<String> candidates(JsonNode payload) {
        List<String> refs = new ArrayList<>();
        payload.path("candidates").forEach(c -> refs.add(c.path("reference").asText()));
        return refs;
    }
}
