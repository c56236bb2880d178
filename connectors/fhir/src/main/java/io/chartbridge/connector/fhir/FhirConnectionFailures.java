package io.chartbridge.connector.fhir;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.chartbridge.connector.fhir.auth.SmartAuthException;
import io.chartbridge.core.target.TargetRetry;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLException;

/**
 * Says in a few words why a call to the target failed, from the exception HAPI's client threw, and whether trying
 * again later may help: the classifier of {@link TargetRetry} for every FHIR client of a run.
 */
public final class FhirConnectionFailures {

    private FhirConnectionFailures() {
    }

    /**
     * The classifier for {@link TargetRetry}: outages, throttling and 500s are transient; the rest is not. The
     * credentials decide for themselves: a token endpoint that fails for a moment is an outage, any other SMART auth
     * failure is not, even when an I/O error lies beneath it.
     */
    public static TargetRetry.TransientFailure classify(Throwable failure) {
        SmartAuthException auth = find(failure, SmartAuthException.class);
        if (auth != null) {
            return auth.outage() == null ? null : TargetRetry.TransientFailure.of(auth.outage());
        }
        BaseServerResponseException server = find(failure, BaseServerResponseException.class);
        if (server != null && !(server instanceof FhirClientConnectionException)) {
            int status = server.getStatusCode();
            return switch (status) {
                case 429, 502, 503, 504 -> new TargetRetry.TransientFailure("HTTP " + status, retryAfter(server),
                        false);
                case 500 -> new TargetRetry.TransientFailure("HTTP 500", null, true);
                default -> null;
            };
        }
        if (find(failure, FhirClientConnectionException.class) != null || find(failure, java.io.IOException.class)
                != null) {
            return transientFailure(failure) ? TargetRetry.TransientFailure.of(reason(failure)) : null;
        }
        return null;
    }

    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException) {
                // Apache HttpClient's connect timeout is a ConnectException subclass with "timed out" in it.
                return t.getMessage() != null && t.getMessage().contains("timed out") ? "connection timed out"
                        : "connection refused";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return "timed out";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed";
            }
            if (t instanceof SocketException) {
                return "connection reset";
            }
            String name = t.getClass().getSimpleName();
            if (name.equals("NoHttpResponseException")) {
                return "connection closed without an answer";
            }
            if (name.equals("MalformedChunkCodingException") || name.equals("TruncatedChunkException")
                    || name.equals("ConnectionClosedException")) {
                return "answer cut off";
            }
        }
        return failure.getClass().getSimpleName();
    }

    /** Whether trying the same request again may succeed: the server may be restarting or overloaded. */
    static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof SSLException) {
                return false;
            }
        }
        return true;
    }

    /** {@code Retry-After} of the answer that failed, when the server sent one (see {@link RetryAfterHeader}). */
    static Duration retryAfter(BaseServerResponseException e) {
        return RetryAfterHeader.last();
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when unreadable. */
    static Duration retryAfter(String value, ZonedDateTime now) {
        String v = value == null ? "" : value.strip();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
