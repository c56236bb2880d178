package io.chartbridge.core.review;

import java.time.OffsetDateTime;

/**
 * A decision a person made earlier about the same record (same source, same content hash), found on a re-run.
 * The pipeline applies it instead of asking again.
 */
public record PriorDecision(long reviewItemId, ReviewKind kind, String subject, Decision decision, String actor, OffsetDateTime at) {
}
