package io.chartbridge.core.reporting;

import java.time.OffsetDateTime;

/** Records that reached a settled state during one time bucket of a run. */
public record ThroughputBucket(OffsetDateTime start, long seconds, long settled) {

    public double perSecond() {
        return seconds == 0 ? 0 : (double) settled / seconds;
    }
}
