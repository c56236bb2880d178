package io.chartbridge.core.review;

import java.util.Objects;

/**
 * A person's answer to a review item.
 *
 * @param action    what to do
 * @param candidate for LINK and NOT_SAME_PERSON: the candidate patient's reference ({@code Patient/id}), else null
 * @param value     for CORRECT_VALUE: the corrected value (for codes: the chosen target code), else null
 * @param note      free text; required for QUARANTINE
 */
public record Decision(ReviewAction action, String candidate, String value, String note) {

    public Decision {
        Objects.requireNonNull(action, "action");
        if (action == ReviewAction.LINK && isBlank(candidate)) {
            throw new IllegalArgumentException("candidate: LINK needs the candidate patient to link to");
        }
        if (action == ReviewAction.CORRECT_VALUE && value == null) {
            throw new IllegalArgumentException("value: CORRECT_VALUE needs the corrected value");
        }
        if (action == ReviewAction.QUARANTINE && isBlank(note)) {
            throw new IllegalArgumentException("note: QUARANTINE needs a note saying why");
        }
    }

    public static Decision link(String candidate) {
        return new Decision(ReviewAction.LINK, candidate, null, null);
    }

    public static Decision createNew() {
        return new Decision(ReviewAction.CREATE_NEW, null, null, null);
    }

    public static Decision notSamePerson(String candidate) {
        return new Decision(ReviewAction.NOT_SAME_PERSON, candidate, null, null);
    }

    public static Decision correct(String value) {
        return new Decision(ReviewAction.CORRECT_VALUE, null, value, null);
    }

    public static Decision quarantine(String note) {
        return new Decision(ReviewAction.QUARANTINE, null, null, note);
    }

    public static Decision skip() {
        return new Decision(ReviewAction.SKIP, null, null, null);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
