package io.chartbridge.app.review;

import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.ReviewItem;

/**
 * Sends a held record on once a person decided: link/new patient/correction to the target, quarantine to the
 * ledger. Runs right after the decision, without re-running the migration.
 */
public interface HeldRecordRelease {

    /** What happened to the held record. */
    record Released(Outcome outcome, String message) {
    }

    enum Outcome {
        /** Loaded into the target and marked LOADED in the ledger. */
        LOADED,
        /** Quarantined in the ledger, not loaded. */
        QUARANTINED,
        /** Still held: other questions about the same record are pending. */
        WAITING,
        /** The target refused or could not be reached; the ledger item is FAILED with the reason. */
        FAILED
    }

    Released release(ReviewItem item, Decision decision);

    /**
     * Called before the decision is recorded; throws {@link IllegalArgumentException} (a 400 for the console) when the
     * decision cannot be carried out, such as a link to a patient the target does not hold.
     */
    default void check(ReviewItem item, Decision decision) {
    }
}
