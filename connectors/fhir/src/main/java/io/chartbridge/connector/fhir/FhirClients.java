package io.chartbridge.connector.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.Locale;

/**
 * The one place where clients of the target EHR are made: the load stage's, the match stage's candidate searches'
 * and the read-back's. Time-outs, connection pool and authentication are set here, so every client of a target
 * behaves alike (and an authentication scheme is added once).
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
        client.registerInterceptor(new RetryAfterHeader());
        registerAuth(client, baseUrl, spec.auth());
        return client;
    }

    /** The retry policy for one run against this target, shared by all its clients (one outage, one budget). */
    public static TargetRetry retryPolicy(TargetSpec spec) {
        TargetSpec.RetrySpec r = spec.retry();
        return new TargetRetry(new TargetRetry.Settings(r.maxWait(), r.firstDelay(), r.maxDelay()),
                FhirConnectionFailures::classify, TargetRetry.Listener.NONE);
    }

    private static void registerAuth(IGenericClient client, String baseUrl, AuthSpec auth) {
        String type = auth == null || auth.type() == null ? "none" : auth.type().strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "none", "" -> { }
            case "bearer" -> {
                if (auth.token() == null || auth.token().isBlank()) {
                    throw unavailable(baseUrl, "auth type bearer needs a token (give it through ${VARIABLE})");
                }
                client.registerInterceptor(new BearerTokenAuthInterceptor(auth.token()));
            }
            case "basic" -> {
                if (auth.username() == null || auth.username().isBlank() || auth.password() == null) {
                    throw unavailable(baseUrl, "auth type basic needs a username and a password");
                }
                client.registerInterceptor(new BasicAuthInterceptor(auth.username(), auth.password()));
            }
            default -> throw unavailable(baseUrl, "auth type must be none, bearer or basic");
        }
    }

    private static TargetUnavailableException unavailable(String baseUrl, String problem) {
        return new TargetUnavailableException("FHIR target " + baseUrl + " " + problem);
    }
}
