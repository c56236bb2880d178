package io.chartbridge.core.target;

/**
 * The target stayed unreachable (or overloaded) for longer than the retry budget ({@code target.retry.maxWait}).
 * The run stops as INTERRUPTED, not FAILED: nothing was wrong with the records, and a later run resumes.
 */
public class TargetOutageException extends TargetUnavailableException {
    public TargetOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
