package io.chartbridge.connector.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import io.chartbridge.connector.fhir.auth.FhirTargetAuth;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.core.target.TargetUnavailableException;

/**
 * The one place where clients of the target EHR are made: the load stage's, the match stage's candidate searches'
 * and the read-back's. Time-outs, connection pool and authentication are set here, so every client of a target
 * behaves alike (and an authentication scheme is added once, in {@link FhirTargetAuth}: with SMART Backend Services
 * every client shares one token, renewed once for all).
 * <p>
 * Two layers try a request again, each for its own reason and never for the other's: the authentication renews a
 * refused token and sends the request once more (a 401 is not an outage), and {@link TargetRetry} waits out outages
 * (a 401 or 403 left after that is handed back at once, as the credentials' failure).
 */
public final class FhirClients {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Large bundles on a busy server take a while; two minutes without a byte means it is stuck. */
    static final int SOCKET_TIMEOUT_MILLIS = 120_000;

    private FhirClients() {
    }

    /** The base URL without trailing slashes; one clear line when it is not an http(s) URL. */
    public static String baseUrl(TargetSpec spec) {
        String url = spec.url() == null ? "" : spec.url().strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new TargetUnavailableException("FHIR target: url must be an http:// or https:// base URL, e.g. "
                    + "http://127.0.0.1:8090/fhir");
        }
        return url;
    }

    public static IGenericClient create(FhirContext ctx, TargetSpec spec) {
        return create(ctx, spec, SOCKET_TIMEOUT_MILLIS);
    }

    static IGenericClient create(FhirContext ctx, TargetSpec spec, int socketTimeoutMillis) {
        String baseUrl = baseUrl(spec);
        // The factory belongs to the application's one FhirContext; these settings suit every client it makes.
        IRestfulClientFactory factory = ctx.getRestfulClientFactory();
        // We read /metadata ourselves; HAPI's own check would add a hidden request to the first call.
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        factory.setSocketTimeout(socketTimeoutMillis);
        // Transactions in flight, plus the match stage's searches.
        int inFlight = Math.max(1, spec.concurrency()) + 2;
        if (factory.getPoolMaxPerRoute() < inFlight) {
            factory.setPoolMaxPerRoute(inFlight);
            factory.setPoolMaxTotal(Math.max(factory.getPoolMaxTotal(), inFlight));
        }
        IGenericClient client = ctx.newRestfulGenericClient(baseUrl);
        client.setPrettyPrint(false);
        // Authentication first: its answer to a 401 (the request sent again) is the answer Retry-After is read from.
        FhirTargetAuth.forTarget(spec).registerWith(client);
        client.registerInterceptor(new RetryAfterHeader());
        return client;
    }

    /** The retry policy for one run against this target, shared by all its clients (one outage, one budget). */
    public static TargetRetry retryPolicy(TargetSpec spec) {
        TargetSpec.RetrySpec r = spec.retry();
        return new TargetRetry(new TargetRetry.Settings(r.maxWait(), r.firstDelay(), r.maxDelay()),
                FhirConnectionFailures::classify, TargetRetry.Listener.NONE);
    }
}
