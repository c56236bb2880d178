package io.chartbridge.connector.fhir;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Says in a few words why a connection to the target failed, from the exception the HTTP client threw. */
final class FhirConnectionFailures {

    private FhirConnectionFailures() {
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
            if (t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return "connection closed without an answer";
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
}
