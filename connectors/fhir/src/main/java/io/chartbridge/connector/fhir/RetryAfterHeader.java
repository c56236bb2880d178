package io.chartbridge.connector.fhir;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Keeps the {@code Retry-After} of a 429 or 503 answer for the retry policy. HAPI's client throws those answers as
 * exceptions without their headers, so the header is read here, as the answer arrives, on the calling thread, and
 * cleared when that thread sends its next request.
 */
final class RetryAfterHeader implements IClientInterceptor {

    private static final ThreadLocal<Duration> LAST = new ThreadLocal<>();

    /** The Retry-After of this thread's last answer, if it was a 429 or 503 that carried one. */
    static Duration last() {
        return LAST.get();
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        LAST.remove();
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        int status = response.getStatus();
        if (status != 429 && status != 503) {
            return;
        }
        List<String> values = response.getHeaders("Retry-After");
        if (values != null && !values.isEmpty()) {
            Duration d = FhirConnectionFailures.retryAfter(values.get(0), ZonedDateTime.now());
            if (d != null) {
                LAST.set(d);
            }
        }
    }
}
