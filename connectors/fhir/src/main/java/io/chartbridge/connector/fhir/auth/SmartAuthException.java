package io.chartbridge.connector.fhir.auth;

import io.chartbridge.core.target.TargetUnavailableException;

/**
 * SMART Backend Services cannot authorise the run: a bad key, a token endpoint that refuses or answers nonsense,
 * missing scopes. Fatal before any data moves; the message is one line and never holds a token, an assertion or a key.
 * <p>
 * A token endpoint that fails for a moment (5xx, 429, no connection) is {@link #outage()}: the run's retry policy
 * waits for it as for any outage of the target (FhirConnectionFailures says so), instead of this client trying again
 * on its own inside each of the policy's tries.
 */
public final class SmartAuthException extends TargetUnavailableException {

    private final String outage;

    public SmartAuthException(String message) {
        this(message, null, null);
    }

    public SmartAuthException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private SmartAuthException(String message, String outage, Throwable cause) {
        super(message, cause);
        this.outage = outage;
    }

    /** The token endpoint failed in a way that may pass; {@code reason} says how in a few words, for the log. */
    static SmartAuthException outage(String message, String reason, Throwable cause) {
        return new SmartAuthException(message, reason, cause);
    }

    /** Why the token endpoint failed for now ("token endpoint: HTTP 503"), or null when asking again cannot help. */
    public String outage() {
        return outage;
    }
}
