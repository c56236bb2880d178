package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.RunInfo;
import java.util.List;
import java.util.Map;

/**
 * What is left before cut-over, from the ledger.
 *
 * @param openReviewByKind review questions still waiting (OPEN, CLAIMED, SKIPPED) per kind, all runs
 * @param problems         quarantined and failed records (latest state) grouped by reason, largest first
 * @param unresolvedRuns   runs still open, and runs that ended early or failed after the last completed run
 * @param lastReadBack     the latest read-back check of any run, or null when none was made
 */
public record ProjectSignOff(Map<String, Long> openReviewByKind, long quarantined, long failed,
                             long waitingForReview, long unfinished, List<ErrorCategory> problems,
                             List<RunInfo> unresolvedRuns, ReadBackSummary lastReadBack) {

    public long openReview() {
        return openReviewByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Nothing left: no open question, no quarantined, failed, held or unfinished record, no open run. */
    public boolean clear() {
        return openReview() == 0 && quarantined == 0 && failed == 0 && waitingForReview == 0 && unfinished == 0
                && unresolvedRuns.isEmpty();
    }
}
