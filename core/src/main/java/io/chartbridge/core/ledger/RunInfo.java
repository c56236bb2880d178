package io.chartbridge.core.ledger;

import java.time.OffsetDateTime;

/**
 * A run as the ledger records it.
 *
 * @param waiting while the run waits for the target to answer again: since when, the next try and why; else null
 */
public record RunInfo(long id, String project, String projectFile, String targetKey, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, RunStatus status, String message, Waiting waiting) {

    public RunInfo(long id, String project, String projectFile, String targetKey, OffsetDateTime startedAt,
                   OffsetDateTime finishedAt, RunStatus status, String message) {
        this(id, project, projectFile, targetKey, startedAt, finishedAt, status, message, null);
    }

    /** The target stopped answering at {@code since}; the stages try again at {@code nextTry}. */
    public record Waiting(OffsetDateTime since, OffsetDateTime nextTry, String reason) {
    }
}
