package io.chartbridge.app.web;

import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.ReviewAction;

/**
 * A decision as a form or a JSON body sends it.
 *
 * @param action    LINK, CREATE_NEW, NOT_SAME_PERSON, CORRECT_VALUE, QUARANTINE or SKIP
 * @param candidate the candidate patient reference, for LINK and NOT_SAME_PERSON (for an UNKNOWN_PATIENT item: the
 *                  patient in the target the reviewer chose)
 * @param value     the corrected value or chosen code, for CORRECT_VALUE
 * @param note      why, required for QUARANTINE
 */
record DecisionRequest(ReviewAction action, String candidate, String value, String note) {

    Decision toDecision() {
        if (action == null) {
            throw new IllegalArgumentException("action: required");
        }
        return new Decision(action, blankToNull(candidate), value, blankToNull(note));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
