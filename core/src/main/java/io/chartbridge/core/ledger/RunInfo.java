package io.chartbridge.core.ledger;

import java.time.OffsetDateTime;

/** A run as the ledger records it. */
public record RunInfo(long id, String project, String projectFile, String targetKey, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, RunStatus status, String message) {
}
