package io.chartbridge.core.ledger;

/** The stages a source item goes through. Terminal states end the item's part in a run. */
public enum ItemState {
    RECEIVED,
    EXTRACTED,
    MAPPED,
    MATCHED,
    NEEDS_REVIEW,
    LOADED,
    QUARANTINED,
    FAILED;

    /** States an item can rest in when a run is complete. NEEDS_REVIEW rests until a person decides. */
    public boolean isSettled() {
        return this == NEEDS_REVIEW || this == LOADED || this == QUARANTINED || this == FAILED;
    }

    /** The states of an item still moving through the stages (not {@link #isSettled() settled}). */
    public static java.util.List<ItemState> unsettled() {
        return java.util.Arrays.stream(values()).filter(s -> !s.isSettled()).toList();
    }
}
