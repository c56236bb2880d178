package io.chartbridge.core.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

/**
 * One question in the review queue. The payload holds PHI: show it to reviewers, never log it.
 *
 * @param decision the decision as JSON once DECIDED, else null
 */
public record ReviewItem(long id, long runId, long itemId, ReviewKind kind, String sourceName, String location,
                         String contentHash, String subject, String reason, ObjectNode payload, ReviewStatus status,
                         String claimedBy, OffsetDateTime claimedAt, String decidedBy, OffsetDateTime decidedAt,
                         String decision, OffsetDateTime createdAt) {

    public boolean isPending() {
        return ReviewStatus.PENDING.contains(status);
    }

    @Override
    public String toString() {
        return "ReviewItem[" + id + " " + kind + " " + status + " at " + location + "]";
    }
}
