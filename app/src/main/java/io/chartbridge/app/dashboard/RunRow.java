package io.chartbridge.app.dashboard;

import io.chartbridge.core.ledger.RunInfo;

/** One line of the run history: the run and its summary figures. */
public record RunRow(RunInfo run, StageCountsView counts, long resourcesNew, long resourcesUpdated,
                     long resourcesUnchanged, long resourcesFailed) {
}
