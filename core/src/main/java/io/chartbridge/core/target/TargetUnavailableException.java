package io.chartbridge.core.target;

import io.chartbridge.core.FatalSetupException;

/** The target cannot be reached or refuses us (connection refused, authentication failed, not FHIR R4). */
public class TargetUnavailableException extends FatalSetupException {
    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
