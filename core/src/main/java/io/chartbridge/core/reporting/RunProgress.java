package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.RunInfo;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Everything the dashboard shows about one run, read from the ledger at {@code at}.
 *
 * @param total           the whole run's records by state ({@link SourceProgress#ALL})
 * @param sources         the same per source, by source name
 * @param resources       produced resources per outcome (CREATED, UPDATED, UNCHANGED, FAILED)
 * @param recentPerSecond records settled per second over the recent window, or 0
 * @param eta             time left at the recent rate for the records in flight; null when the run is not running
 *                        or nothing has settled recently (unknown)
 */
public record RunProgress(RunInfo run, OffsetDateTime at, SourceProgress total, List<SourceProgress> sources,
                          Map<String, Long> resources, List<ThroughputBucket> throughput, double recentPerSecond,
                          Duration eta, ReviewBacklog backlog, List<ErrorCategory> errors) {

    public long resources(String outcome) {
        return resources.getOrDefault(outcome, 0L);
    }
}
