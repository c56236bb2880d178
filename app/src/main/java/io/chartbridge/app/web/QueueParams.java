package io.chartbridge.app.web;

import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewSort;
import java.time.Duration;

/**
 * The queue's filters as they arrive in a query string (pages and API alike).
 *
 * @param minAgeHours only items waiting at least this many hours
 */
record QueueParams(ReviewKind kind, String source, Long run, Integer minAgeHours, ReviewSort sort, Integer page,
                   Integer size) {

    ReviewFilter toFilter() {
        return new ReviewFilter(kind, source, run, minAgeHours == null ? null : Duration.ofHours(minAgeHours), null,
                sort, page == null ? 0 : Math.max(0, page), size == null ? 25 : Math.min(Math.max(1, size), 500));
    }
}
