package io.chartbridge.core.review;

/** What a person can answer. {@link ReviewKind#allows} says which answers fit which question. */
public enum ReviewAction {
    /** The record is this existing patient: its resources reference the chosen candidate. */
    LINK,
    /** The record is a patient the target does not hold yet: its resources are loaded as mapped. */
    CREATE_NEW,
    /** None of the candidates is this person: loaded as a new patient, and the pairs are never proposed again. */
    NOT_SAME_PERSON,
    /** The value (OCR field, code, invalid element) is replaced by the one the person entered or chose. */
    CORRECT_VALUE,
    /** The record is not loaded; the note says why. */
    QUARANTINE,
    /** Not now: the item goes back to the queue for someone else. Not a decision. */
    SKIP
}
