package io.chartbridge.app.dashboard;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.reporting.SourceProgress;

/** One source's (or the run's) records by stage, as the dashboard and its JSON show them. */
public record StageCountsView(String source, long received, long loaded, long quarantined, long needsReview,
                              long failed, long inFlight, long settled, int percentSettled) {

    static StageCountsView of(SourceProgress p) {
        return new StageCountsView(p.source(), p.received(), p.count(ItemState.LOADED),
                p.count(ItemState.QUARANTINED), p.count(ItemState.NEEDS_REVIEW), p.count(ItemState.FAILED),
                p.inFlight(), p.settled(), p.percentSettled());
    }
}
