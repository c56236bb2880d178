package io.chartbridge.core.reporting;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * What waits for a person.
 *
 * @param heldRecords       record items of the run in NEEDS_REVIEW (the same figure as "needs review" everywhere)
 * @param oldestHeldSince   when the longest-waiting of them was held, or null when none is
 * @param openReviewItems   open questions in the review queue (review_item OPEN, CLAIMED or SKIPPED) of all runs of
 *                          the project's ledger, whichever run is shown: the queue a person works through (the
 *                          dashboard's "open question(s) in the review queue"); a record may hold several
 *                          questions, and a question outlives its run
 * @param oldestOpenSince   when the oldest open question (all runs) was asked, or null
 */
public record ReviewBacklog(long heldRecords, OffsetDateTime oldestHeldSince, long openReviewItems,
                            OffsetDateTime oldestOpenSince) {

    /** How long the oldest held record of the run has waited, at {@code now}; zero when nothing waits. */
    public Duration oldestHeldAge(OffsetDateTime now) {
        return oldestHeldSince == null ? Duration.ZERO : Duration.between(oldestHeldSince, now);
    }

    public Duration oldestOpenAge(OffsetDateTime now) {
        return oldestOpenSince == null ? Duration.ZERO : Duration.between(oldestOpenSince, now);
    }
}
