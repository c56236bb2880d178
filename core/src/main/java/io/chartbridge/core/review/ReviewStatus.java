package io.chartbridge.core.review;

import java.util.EnumSet;
import java.util.Set;

/** Where a review item is. OPEN, CLAIMED and SKIPPED items still wait for a decision. */
public enum ReviewStatus {
    OPEN,
    CLAIMED,
    DECIDED,
    SKIPPED;

    public static final Set<ReviewStatus> PENDING = EnumSet.of(OPEN, CLAIMED, SKIPPED);
}
