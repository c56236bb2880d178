package io.chartbridge.connector.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.client.api.ClientResponseContext;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Keeps the {@code Retry-After} of a 429 or 503 answer for the retry policy. HAPI's client throws those answers as
 * exceptions without their headers, so the header is read here, as the answer arrives, on the calling thread, and
 * cleared when that thread sends its next request. It reads the answer the caller gets: when the authentication
 * sent a request again after a 401, that second answer, not the first. Public only because HAPI calls its hooks by
 * reflection.
 */
public final class RetryAfterHeader {

    /** After every other hook of the response: one of them may have replaced the answer. */
    static final int LAST = Integer.MAX_VALUE;

    RetryAfterHeader() {
    }

    private static final ThreadLocal<Duration> LAST_ASKED = new ThreadLocal<>();

    /** The Retry-After of this thread's last answer, if it was a 429 or 503 that carried one. */
    static Duration last() {
        return LAST_ASKED.get();
    }

    @Hook(Pointcut.CLIENT_REQUEST)
    public void forget() {
        LAST_ASKED.remove();
    }

    @Hook(value = Pointcut.CLIENT_RESPONSE, order = LAST)
    public void keep(ClientResponseContext context) {
        IHttpResponse response = context.getHttpResponse();
        int status = response.getStatus();
        if (status != 429 && status != 503) {
            return;
        }
        List<String> values = response.getHeaders("Retry-After");
        if (values != null && !values.isEmpty()) {
            Duration d = FhirConnectionFailures.retryAfter(values.get(0), ZonedDateTime.now());
            if (d != null) {
                LAST_ASKED.set(d);
            }
        }
    }
}
