package io.chartbridge.connector.fhir.auth;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.client.api.ClientResponseContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import io.chartbridge.core.project.TargetSpec.SmartBackend;
import io.chartbridge.core.target.TargetAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMART Backend Services for HAPI's FHIR client: every request carries {@code Authorization: Bearer <token>}; the
 * token comes from the token endpoint (client credentials with a signed assertion), is shared by every client of
 * the target and every thread, is renewed before it ends, and once more when the server answers 401 (the request
 * is then sent again, once, with the new token). Requests for a token are one at a time: many threads needing a
 * token cause one request. Nothing here logs a token, an assertion or a key.
 * <p>
 * A token endpoint that fails for a moment is asked once per request, not again and again here: while the current
 * token lives the request goes out with it; after that the failure is an outage ({@link SmartAuthException#outage()})
 * for the run's one retry policy, which waits for the target, token endpoint included, within its budget.
 */
public final class SmartBackendAuth implements IClientInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(SmartBackendAuth.class);
    private static final String AUTHORIZATION = "Authorization";

    private final String baseUrl;
    private final SmartBackend spec;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Object lock = new Object();
    private SmartTokenEndpoint endpoint;
    private volatile SmartAccessToken current;
    private volatile boolean warnedForbidden;

    public SmartBackendAuth(String baseUrl, SmartBackend spec) {
        this(baseUrl, spec, Clock.systemUTC());
    }

    SmartBackendAuth(String baseUrl, SmartBackend spec, Clock clock) {
        this.baseUrl = baseUrl;
        this.spec = spec;
        this.clock = clock;
        this.http = SmartHttp.newClient();
    }

    /**
     * Reads the key, finds the token endpoint and obtains a first token, checking that the server granted every scope
     * asked for: whatever is wrong with the credentials shows here, before any data moves.
     */
    public void verify() {
        SmartAccessToken token = token(null);
        List<String> missing = token.granted().notCovering(SmartScopes.of(spec.scopes()));
        if (!missing.isEmpty()) {
            throw new SmartAuthException("SMART auth: the token endpoint " + endpoint().tokenUrl() + " granted '"
                    + token.granted() + "' but the project asks for " + String.join(" ", missing)
                    + "; ask the EHR to allow them for client '" + spec.clientId() + "'");
        }
    }

    /**
     * Fails when the granted scopes do not allow what the run will do: write every resource type its mappings
     * produce, and read and search patients when the match stage looks for candidates on the target.
     */
    public void requireAccess(TargetAccess needs) {
        List<SmartScopes.Need> interactions = new ArrayList<>();
        for (String type : needs.writes()) {
            interactions.add(new SmartScopes.Need(type, SmartScopes.WRITE));
        }
        if (needs.searchesPatients()) {
            interactions.add(new SmartScopes.Need("Patient", SmartScopes.READ));
        }
        SmartAccessToken token = token(null);
        List<String> missing = token.granted().missing(interactions);
        if (!missing.isEmpty()) {
            throw new SmartAuthException("SMART auth: the granted scopes '" + token.granted() + "' lack "
                    + String.join(" ", missing) + ", which this project needs (" + needs.describe()
                    + "); add them to target.auth.scopes and ask the EHR to allow them for client '"
                    + spec.clientId() + "'");
        }
    }

    /** The current access token for a request that does not go through HAPI's client (a plain HTTP read). */
    public String authorizationHeader() {
        return "Bearer " + token(null).value();
    }

    /** How many tokens this client asked the token endpoint for. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        request.removeHeaders(AUTHORIZATION);
        request.addHeader(AUTHORIZATION, "Bearer " + token(null).value());
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        // The retry on 401 needs the request and a way to hand back a new response: see retryOnceWhenRefused.
    }

    /**
     * A 401 means the server no longer takes the token (ended early, revoked, the server restarted with new keys):
     * one new token, the same request once more. A second 401 goes back to the caller.
     */
    @Hook(Pointcut.CLIENT_RESPONSE)
    public void retryOnceWhenRefused(IHttpRequest request, IHttpResponse response, ClientResponseContext context) {
        if (response.getStatus() == 403) {
            warnForbiddenOnce(request);
        }
        if (response.getStatus() != 401) {
            return;
        }
        String sent = request.getAllHeaders().getOrDefault(AUTHORIZATION, List.of()).stream().findFirst().orElse("");
        // Closed first: when no new token comes (the token endpoint is down) the connection goes back to the pool.
        response.close();
        SmartAccessToken fresh = token(sent.startsWith("Bearer ") ? sent.substring(7) : sent);
        LOG.info("The FHIR server refused the access token (HTTP 401); sending the request again with a new one");
        request.removeHeaders(AUTHORIZATION);
        request.addHeader(AUTHORIZATION, "Bearer " + fresh.value());
        try {
            context.setHttpResponse(request.execute());
        } catch (IOException e) {
            throw new FhirClientConnectionException(e);
        }
    }

    private void warnForbiddenOnce(IHttpRequest request) {
        if (!warnedForbidden) {
            warnedForbidden = true;
            // The verb and the resource type only: a query string could hold searched values.
            String path = URI.create(request.getUri()).getPath();
            LOG.warn("The FHIR server denied {} {} (HTTP 403); the token's scopes are '{}'", request.getHttpVerbName(),
                    path, current == null ? "" : current.granted());
        }
    }

    /**
     * A token that is good for a while yet. {@code refused} is a token the server just refused: if it is still the
     * current one, a new one is asked for even though it has not ended.
     */
    private SmartAccessToken token(String refused) {
        SmartAccessToken t = current;
        if (t != null && !clock.instant().isAfter(t.renewAt()) && (refused == null || !refused.equals(t.value()))) {
            return t;
        }
        synchronized (lock) {
            t = current;
            boolean refusedNow = t != null && refused != null && refused.equals(t.value());
            if (t != null && !clock.instant().isAfter(t.renewAt()) && !refusedNow) {
                return t;   // another thread renewed it while this one waited
            }
            try {
                current = fetch();
            } catch (SmartTokenEndpoint.Transient e) {
                if (t != null && !refusedNow && clock.instant().isBefore(t.expires())) {
                    LOG.warn("Renewing the access token failed ({}); the current one lasts until {}", e.getMessage(),
                            t.expires());
                    return t;
                }
                throw SmartAuthException.outage("SMART auth: " + e.getMessage(), e.reason(), e);
            }
            return current;
        }
    }

    private SmartAccessToken fetch() {
        tokenRequests.incrementAndGet();
        SmartAccessToken token = endpoint().requestToken();
        LOG.info("Obtained an access token from {} for client '{}' (valid {} s, scope '{}')", endpoint().tokenUrl(),
                spec.clientId(), Duration.between(token.obtained(), token.expires()).toSeconds(), token.granted());
        return token;
    }

    /** The key and the token endpoint, read once: the first token request finds what is wrong with them. */
    private SmartTokenEndpoint endpoint() {
        synchronized (lock) {
            if (endpoint == null) {
                SmartKey key = SmartKeyLoader.load(spec, clock);
                String tokenUrl = spec.tokenUrl() != null ? spec.tokenUrl()
                        : SmartConfiguration.tokenEndpoint(http, baseUrl, key.algorithm().getName());
                SmartHttp.requireSafeUrl(tokenUrl, "token URL");
                endpoint = new SmartTokenEndpoint(http, tokenUrl, spec.clientId(), key, spec.scopes(), clock);
            }
            return endpoint;
        }
    }

    /** When the current token ends, for tests and logs. */
    Instant currentTokenExpires() {
        SmartAccessToken t = current;
        return t == null ? null : t.expires();
    }

    @Override
    public String toString() {
        return "SmartBackendAuth[" + spec.clientId() + " at " + baseUrl + "]";
    }
}
