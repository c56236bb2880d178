package io.chartbridge.core.reporting;

import java.time.OffsetDateTime;

/**
 * One bar of the project's charts.
 *
 * @param migrated   legacy records first loaded into the target in this bucket
 * @param openReview review questions waiting at the bucket's end (asked before it, not yet answered)
 */
public record ProjectBucket(OffsetDateTime start, long hours, long migrated, long openReview) {
}
