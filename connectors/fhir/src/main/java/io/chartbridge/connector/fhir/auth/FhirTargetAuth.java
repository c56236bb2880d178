package io.chartbridge.connector.fhir.auth;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.target.TargetAccess;
import io.chartbridge.core.target.TargetUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How every client of a FHIR target authenticates: the loader's, the match stage's candidate searches and the
 * report's read-back all take their credentials from here, so they send the same ones. One instance per target and
 * credentials in the process ({@link #forTarget}): with SMART Backend Services that means one token, asked for once
 * and renewed once, whichever client needs it.
 */
public abstract class FhirTargetAuth {

    private static final Map<Key, FhirTargetAuth> SHARED = new ConcurrentHashMap<>();

    private record Key(String baseUrl, AuthSpec auth) { }

    /** The authentication of the target {@code spec} declares, shared by every client of that target. */
    public static FhirTargetAuth forTarget(TargetSpec spec) {
        String base = baseUrl(spec.url());
        AuthSpec auth = spec.auth() == null ? AuthSpec.NONE : spec.auth();
        return SHARED.computeIfAbsent(new Key(base, auth), k -> create(k.baseUrl(), k.auth()));
    }

    static String baseUrl(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static FhirTargetAuth create(String baseUrl, AuthSpec auth) {
        String type = auth.type() == null ? "none" : auth.type().strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "none", "" -> new Static(null, null);
            case "bearer" -> {
                if (auth.token() == null || auth.token().isBlank()) {
                    throw invalid(baseUrl, "auth type bearer needs a token (give it through ${VARIABLE})");
                }
                yield new Static(new BearerTokenAuthInterceptor(auth.token()), "Bearer " + auth.token());
            }
            case "basic" -> {
                if (auth.username() == null || auth.username().isBlank() || auth.password() == null) {
                    throw invalid(baseUrl, "auth type basic needs a username and a password");
                }
                yield new Static(new BasicAuthInterceptor(auth.username(), auth.password()), "Basic "
                        + Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password())
                        .getBytes(StandardCharsets.UTF_8)));
            }
            case "smart-backend" -> {
                if (auth.smart() == null) {
                    throw invalid(baseUrl, "auth type smart-backend needs clientId, privateKey and scopes");
                }
                yield new Smart(new SmartBackendAuth(baseUrl, auth.smart()));
            }
            default -> throw invalid(baseUrl, "auth type must be none, bearer, basic or smart-backend");
        };
    }

    private static TargetUnavailableException invalid(String baseUrl, String problem) {
        return new TargetUnavailableException("FHIR target " + baseUrl + " " + problem);
    }

    /** Adds the credentials to every request {@code client} sends. */
    public abstract void registerWith(IGenericClient client);

    /** The {@code Authorization} header for a request sent without HAPI's client, or empty without credentials. */
    public abstract Optional<String> authorizationHeader();

    /** Fails, with one line, when the credentials cannot work (SMART: obtains the first token). */
    public void verify() {
    }

    /** Fails, with one line, when the credentials do not allow what the run needs (SMART: the granted scopes). */
    public void requireAccess(TargetAccess needs) {
    }

    /** None, a bearer token or basic credentials: the same header on every request. */
    private static final class Static extends FhirTargetAuth {
        private final Object interceptor;
        private final String header;

        Static(Object interceptor, String header) {
            this.interceptor = interceptor;
            this.header = header;
        }

        @Override
        public void registerWith(IGenericClient client) {
            if (interceptor != null) {
                client.registerInterceptor(interceptor);
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.ofNullable(header);
        }
    }

    private static final class Smart extends FhirTargetAuth {
        private final SmartBackendAuth smart;

        Smart(SmartBackendAuth smart) {
            this.smart = smart;
        }

        @Override
        public void registerWith(IGenericClient client) {
            client.registerInterceptor(smart);
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of(smart.authorizationHeader());
        }

        @Override
        public void verify() {
            smart.verify();
        }

        @Override
        public void requireAccess(TargetAccess needs) {
            smart.requireAccess(needs);
        }
    }
}
