package io.chartbridge.core.review;

import java.util.EnumSet;
import java.util.Set;

/** What a person is asked to decide about a held record, and which actions answer it. */
public enum ReviewKind {
    /** The matcher put the record between its thresholds: link to a candidate, or a new patient. */
    POSSIBLE_MATCH(EnumSet.of(ReviewAction.LINK, ReviewAction.CREATE_NEW, ReviewAction.NOT_SAME_PERSON)),
    /** The record matched more than one distinct existing patient (no chaining of links). */
    POSSIBLE_DUPLICATE(EnumSet.of(ReviewAction.LINK, ReviewAction.CREATE_NEW, ReviewAction.NOT_SAME_PERSON)),
    /** An OCR field below its confidence threshold, failing a validator, or missing. */
    OCR_FIELD(EnumSet.of(ReviewAction.CORRECT_VALUE)),
    /** A legacy code the code table does not know. */
    UNMAPPED_CODE(EnumSet.of(ReviewAction.CORRECT_VALUE)),
    /** A mapped resource failed validation in a way a person can fix. */
    INVALID_RESOURCE(EnumSet.of(ReviewAction.CORRECT_VALUE)),
    /**
     * The record's resources refer to a patient that is not in the run, not linked and not in the target (a
     * medication list whose chart has no intake form): link it to a patient the target holds, or quarantine it.
     */
    UNKNOWN_PATIENT(EnumSet.of(ReviewAction.LINK));

    private final Set<ReviewAction> specific;

    ReviewKind(Set<ReviewAction> specific) {
        this.specific = specific;
    }

    /** Quarantine and skip answer every kind; the rest only the kinds they make sense for. */
    public boolean allows(ReviewAction action) {
        return action == ReviewAction.QUARANTINE || action == ReviewAction.SKIP || specific.contains(action);
    }

    public boolean isMatch() {
        return this == POSSIBLE_MATCH || this == POSSIBLE_DUPLICATE;
    }
}
