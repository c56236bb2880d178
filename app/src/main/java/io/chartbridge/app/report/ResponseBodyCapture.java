package io.chartbridge.app.report;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.client.api.ClientResponseContext;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps the body of a successful answer as the server sent it, for a read-back that compares what the target holds
 * with what was sent: HAPI's client hands back a parsed resource, and parsing and writing it again could hide a
 * difference. It reads the answer the caller gets (after the credentials sent a request again on a 401), on the
 * calling thread. Public only because HAPI calls its hooks by reflection.
 */
public final class ResponseBodyCapture {

    private final ThreadLocal<byte[]> last = new ThreadLocal<>();

    ResponseBodyCapture() {
    }

    @Hook(Pointcut.CLIENT_REQUEST)
    public void forget() {
        last.remove();
    }

    /** After every other hook of the response: one of them may have replaced the answer. */
    @Hook(value = Pointcut.CLIENT_RESPONSE, order = Integer.MAX_VALUE)
    public void keep(ClientResponseContext context) throws IOException {
        IHttpResponse response = context.getHttpResponse();
        if (response.getStatus() / 100 != 2) {
            return;
        }
        // Buffered, so HAPI still reads the body after us.
        response.bufferEntity();
        try (InputStream in = response.readEntity()) {
            last.set(in == null ? null : in.readAllBytes());
        }
    }

    /** The body of this thread's last successful answer, or null; forgotten once taken. */
    byte[] take() {
        byte[] body = last.get();
        last.remove();
        return body;
    }
}
