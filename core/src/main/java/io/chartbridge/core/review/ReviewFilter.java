package io.chartbridge.core.review;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which part of the queue to list. Null fields do not filter.
 *
 * @param minAge   only items at least this old (waiting longest first is the usual triage)
 * @param statuses which statuses; defaults to the pending ones
 * @param page     0-based page number
 * @param size     items per page, 1..500
 */
public record ReviewFilter(ReviewKind kind, String source, Long runId, Duration minAge, Set<ReviewStatus> statuses,
                           ReviewSort sort, int page, int size) {

    public ReviewFilter {
        statuses = statuses == null || statuses.isEmpty() ? ReviewStatus.PENDING : EnumSet.copyOf(statuses);
        sort = sort == null ? ReviewSort.OLDEST : sort;
        if (page < 0) {
            throw new IllegalArgumentException("page: must be 0 or more");
        }
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("size: must be between 1 and 500");
        }
        source = source == null || source.isBlank() ? null : source;
    }

    /** The first page of everything pending, oldest first. */
    public static ReviewFilter pending() {
        return new ReviewFilter(null, null, null, null, null, ReviewSort.OLDEST, 0, 50);
    }
}
