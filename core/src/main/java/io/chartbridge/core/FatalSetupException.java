package io.chartbridge.core;

/**
 * A problem that makes a run impossible (missing file, unreachable target, invalid project or mapping file).
 * The launcher prints its message as one line and exits non-zero, without a stack trace.
 * Messages must be complete sentences a user can act on and must never contain PHI.
 */
public class FatalSetupException extends RuntimeException {
    public FatalSetupException(String message) {
        super(message);
    }

    public FatalSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
