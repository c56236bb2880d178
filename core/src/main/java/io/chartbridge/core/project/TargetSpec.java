package io.chartbridge.core.project;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a project loads its resources.
 *
 * @param kind        "ndjson" (a folder in the FHIR Bulk Data layout) or "fhir" (a FHIR R4 REST server)
 * @param location    output folder for ndjson
 * @param url         base URL for fhir
 * @param mode        how resources are written to a FHIR server: PUT to deterministic ids, or conditional create
 *                    on the record's identifier
 * @param bundleSize  resources per transaction bundle
 * @param concurrency transactions in flight at once
 * @param auth        authentication for fhir; NONE by default
 * @param retry       how long the run waits for a target that stopped answering ({@code target.retry})
 */
public record TargetSpec(String kind, Path location, String url, WriteMode mode, int bundleSize, int concurrency,
                         AuthSpec auth, RetrySpec retry) {

    public TargetSpec(String kind, Path location, String url, WriteMode mode, int bundleSize, int concurrency,
                      AuthSpec auth) {
        this(kind, location, url, mode, bundleSize, concurrency, auth, RetrySpec.DEFAULT);
    }

    public TargetSpec {
        retry = retry == null ? RetrySpec.DEFAULT : retry;
    }

    /**
     * {@code target.retry}: an outage (connection refused or reset, time-outs, 429, 502/503/504) pauses the run for
     * at most {@code maxWait} (30 minutes by default), trying again after {@code firstDelay}, doubling up to
     * {@code maxDelay}; past it the run stops as INTERRUPTED.
     */
    public record RetrySpec(Duration maxWait, Duration firstDelay, Duration maxDelay) {
        public static final RetrySpec DEFAULT =
                new RetrySpec(Duration.ofMinutes(30), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public enum WriteMode { PUT, CONDITIONAL }

    /**
     * How the FHIR client authenticates: none, a bearer token, basic credentials, or SMART Backend Services
     * ({@code smart-backend}, in {@link #smart()}). Values come from the environment through {@code ${VAR}} or from
     * files, never the repository; {@link #toString()} shows the type only.
     */
    public record AuthSpec(String type, String token, String username, String password, SmartBackend smart) {
        public static final AuthSpec NONE = new AuthSpec("none", null, null, null, null);

        public AuthSpec(String type, String token, String username, String password) {
            this(type, token, username, password, null);
        }

        @Override
        public String toString() {
            return "AuthSpec[" + type + "]";
        }
    }

    /**
     * SMART Backend Services: OAuth 2.0 client credentials with a signed JWT assertion ({@code private_key_jwt}).
     *
     * @param tokenUrl       the token endpoint, or null to read it from {@code [base]/.well-known/smart-configuration}
     * @param clientId       the client id the EHR registered
     * @param privateKeyFile a PEM (PKCS#8) or JWK Set file holding the private key, or null when {@code privateKey}
     *                       holds the key itself
     * @param privateKey     the key itself (PEM or JWK Set text, typically from an environment variable), or null
     * @param keyId          the {@code kid} of the registered public key; may be null when a JWK carries it
     * @param scopes         the scopes asked for, e.g. {@code system/Patient.write}
     */
    public record SmartBackend(String tokenUrl, String clientId, Path privateKeyFile, String privateKey,
                               String keyId, List<String> scopes) {
        public SmartBackend {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "SmartBackend[" + clientId + ", " + (privateKeyFile != null ? privateKeyFile : "key given inline")
                    + ", " + String.join(" ", scopes) + "]";
        }
    }
}
