package io.chartbridge.core.reporting;

import java.time.OffsetDateTime;

/** The verdicts of one read-back check of a run's sample, as the ledger recorded them (no resource content). */
public record ReadBackSummary(long runId, OffsetDateTime checkedAt, int sampled, int same, int different,
                              int missing, int unreadable) {

    public boolean allSame() {
        return sampled > 0 && same == sampled;
    }
}
