package io.chartbridge.connector.fhir.auth;

import io.chartbridge.core.target.TargetUnavailableException;

/**
 * SMART Backend Services cannot authorise the run: a bad key, a token endpoint that refuses or answers nonsense,
 * missing scopes. Fatal before any data moves; the message is one line and never holds a token, an assertion or a key.
 */
public final class SmartAuthException extends TargetUnavailableException {

    public SmartAuthException(String message) {
        super(message);
    }

    public SmartAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
