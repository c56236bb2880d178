package io.chartbridge.core.review;

import java.time.OffsetDateTime;

/** One line of the audit log: who did what to which review item, with the state before and after (JSON). */
public record AuditEntry(long id, String actor, OffsetDateTime at, Long reviewItemId, String action,
                         String beforeJson, String afterJson) {
}
