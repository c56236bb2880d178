package io.chartbridge.connector.fhir.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chartbridge.core.project.TargetSpec.SmartBackend;
import io.chartbridge.core.target.TargetAccess;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the exchanges with a token endpoint and a FHIR server (WireMock): the assertion's claims and signature, one
 * token for many requests, renewal before the end and after a 401, and one clear line for every odd answer.
 */
class SmartBackendAuthIT {

    private static final String CLIENT = "chartbridge-test";
    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static FhirContext fhir;

    @TempDir
    Path dir;
    private WireMockServer server;
    private String base;
    private String tokenUrl;
    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void fhirContext() {
        fhir = FhirContext.forR4();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        base = "http://127.0.0.1:" + server.port() + "/fhir";
        tokenUrl = "http://127.0.0.1:" + server.port() + "/auth/token";
        server.stubFor(get(urlPathEqualTo("/fhir/Patient/p-1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"Patient\",\"id\":\"p-1\"}")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theAssertionCarriesTheSmartClaimsSignedRs384WithTheKeyId() throws Exception {
        stubToken(300, "system/Patient.read system/Patient.write");
        SmartBackendAuth auth = auth(rsaPemSpec("system/Patient.read system/Patient.write"));

        auth.verify();
        auth.verify();
        client(auth).read().resource(Patient.class).withId("p-1").execute();

        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo("/auth/token")));
        assertThat(requests).hasSize(1);
        Map<String, String> form = form(requests.get(0).getBodyAsString());
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "system/Patient.read system/Patient.write")
                .containsEntry("client_id", CLIENT)
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) RSA.getPublic()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS384);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("rsa-1");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(CLIENT);
        assertThat(claims.getSubject()).isEqualTo(CLIENT);
        assertThat(claims.getAudience()).containsExactly(tokenUrl);
        assertThat(claims.getJWTID()).isNotBlank();
        Duration ahead = Duration.between(clock.instant(), claims.getExpirationTime().toInstant());
        assertThat(ahead).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
        server.verify(getRequestedFor(urlPathEqualTo("/fhir/Patient/p-1"))
                .withHeader("Authorization", equalTo("Bearer token-1")));
    }

    @Test
    void everyAssertionHasItsOwnJti() throws Exception {
        stubToken(300, null);
        SmartBackendAuth auth = auth(rsaPemSpec("system/*.read"));
        auth.verify();
        clock.advance(Duration.ofMinutes(10));
        auth.verify();

        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo("/auth/token")));
        assertThat(requests).hasSize(2);
        String first = SignedJWT.parse(form(requests.get(0).getBodyAsString()).get("client_assertion"))
                .getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(form(requests.get(1).getBodyAsString()).get("client_assertion"))
                .getJWTClaimsSet().getJWTID();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anEcP384KeyFromAJwkSetSignsEs384() throws Exception {
        KeyPair ec = TestKeys.ec("secp384r1");
        Path jwks = TestKeys.write(dir, "client.jwks", TestKeys.ecJwks(ec, "ec-1"));
        stubToken(300, null);
        auth(new SmartBackend(tokenUrl, CLIENT, jwks, null, null, List.of("system/*.read"))).verify();

        SignedJWT jwt = SignedJWT.parse(form(server.findAll(postRequestedFor(urlEqualTo("/auth/token"))).get(0)
                .getBodyAsString()).get("client_assertion"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("ec-1");
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) ec.getPublic()))).isTrue();
    }

    @Test
    void manyRequestsFromManyThreadsShareOneToken() throws Exception {
        stubToken(300, null);
        SmartBackendAuth auth = auth(rsaPemSpec("system/*.read"));
        IGenericClient client = client(auth);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Patient>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                reads.add(pool.submit(() -> client.read().resource(Patient.class).withId("p-1").execute()));
            }
            for (Future<Patient> r : reads) {
                assertThat(r.get().getIdElement().getIdPart()).isEqualTo("p-1");
            }
        } finally {
            pool.shutdownNow();
        }
        server.verify(1, postRequestedFor(urlEqualTo("/auth/token")));
        server.verify(40, getRequestedFor(urlPathEqualTo("/fhir/Patient/p-1"))
                .withHeader("Authorization", equalTo("Bearer token-1")));
    }

    @Test
    void theTokenIsRenewedBeforeItEnds() {
        stubTokens(List.of("token-1", "token-2"), 300);
        SmartBackendAuth auth = auth(rsaPemSpec("system/*.read"));
        IGenericClient client = client(auth);

        client.read().resource(Patient.class).withId("p-1").execute();
        clock.advance(Duration.ofSeconds(200));
        client.read().resource(Patient.class).withId("p-1").execute();
        server.verify(1, postRequestedFor(urlEqualTo("/auth/token")));
        // 300 s tokens are renewed a minute before they end: at 250 s this one is.
        clock.advance(Duration.ofSeconds(50));
        client.read().resource(Patient.class).withId("p-1").execute();

        server.verify(2, postRequestedFor(urlEqualTo("/auth/token")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient/p-1"))
                .withHeader("Authorization", equalTo("Bearer token-2")));
    }

    @Test
    void aRefusedTokenIsReplacedAndTheRequestSentOnceMore() {
        stubTokens(List.of("token-1", "token-2"), 3600);
        server.stubFor(post(urlPathEqualTo("/fhir/")).withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        server.stubFor(post(urlPathEqualTo("/fhir/")).withHeader("Authorization", equalTo("Bearer token-2"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                        .withBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}")));
        SmartBackendAuth auth = auth(rsaPemSpec("system/*.write"));

        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[]}";
        String response = client(auth).transaction().withBundle(bundle).execute();

        assertThat(response).contains("transaction-response");
        server.verify(2, postRequestedFor(urlEqualTo("/auth/token")));
        List<LoggedRequest> sent = server.findAll(postRequestedFor(urlPathEqualTo("/fhir/")));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getBodyAsString()).isEqualTo(sent.get(0).getBodyAsString());
        assertThat(sent.get(1).getHeader("Authorization")).isEqualTo("Bearer token-2");
    }

    @Test
    void aSecond401GoesBackToTheCaller() {
        stubTokens(List.of("token-1", "token-2"), 3600);
        server.stubFor(get(urlPathEqualTo("/fhir/Patient/p-2")).willReturn(aResponse().withStatus(401)));
        IGenericClient client = client(auth(rsaPemSpec("system/*.read")));

        assertThatThrownBy(() -> client.read().resource(Patient.class).withId("p-2").execute())
                .isInstanceOf(AuthenticationException.class);
        server.verify(2, getRequestedFor(urlPathEqualTo("/fhir/Patient/p-2")));
        server.verify(2, postRequestedFor(urlEqualTo("/auth/token")));
    }

    @Test
    void aTokenEndpointThatFailsForAMomentIsAskedOnceAndCalledAnOutageForTheRetryPolicy() {
        server.stubFor(post(urlEqualTo("/auth/token")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post(urlEqualTo("/auth/token")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(tokenResponse("token-1", 300, null)));
        SmartBackendAuth auth = auth(rsaPemSpec("system/*.read"));

        // Not asked again here: waiting for the target (token endpoint included) is the run's retry policy's job.
        assertThatThrownBy(auth::verify).isInstanceOfSatisfying(SmartAuthException.class, e -> {
            assertThat(e).hasMessage("SMART auth: the token endpoint " + tokenUrl + " answered HTTP 503");
            assertThat(e.outage()).isEqualTo("token endpoint: HTTP 503");
        });
        server.verify(1, postRequestedFor(urlEqualTo("/auth/token")));

        auth.verify();
        server.verify(2, postRequestedFor(urlEqualTo("/auth/token")));
    }

    @Test
    void aRenewalThatFailsForAMomentKeepsTheCurrentTokenWhileItLasts() {
        server.stubFor(post(urlEqualTo("/auth/token")).inScenario("renewal").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(tokenResponse("token-1", 300, null)).willSetStateTo("down"));
        server.stubFor(post(urlEqualTo("/auth/token")).inScenario("renewal").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(502)));
        IGenericClient client = client(auth(rsaPemSpec("system/*.read")));
        client.read().resource(Patient.class).withId("p-1").execute();

        // Past the renewal point (a minute before the end): the renewal fails, the request goes with token-1.
        clock.advance(Duration.ofSeconds(260));
        client.read().resource(Patient.class).withId("p-1").execute();
        server.verify(2, getRequestedFor(urlPathEqualTo("/fhir/Patient/p-1"))
                .withHeader("Authorization", equalTo("Bearer token-1")));

        // Past its end: no token to send, an outage for the retry policy.
        clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> client.read().resource(Patient.class).withId("p-1").execute())
                .isInstanceOfSatisfying(SmartAuthException.class,
                        e -> assertThat(e.outage()).isEqualTo("token endpoint: HTTP 502"));
        server.verify(3, postRequestedFor(urlEqualTo("/auth/token")));
    }

    @Test
    void aTokenEndpointAnsweringHtmlIsOneClearLine() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><body><form>Sign in</form></body></html>")));
        assertFatal(rsaPemSpec("system/*.read"), "SMART auth: the token endpoint " + tokenUrl
                + " answered with an HTML page (HTTP 200), not a JSON token response; check target.auth.tokenUrl"
                + " (a login page or a proxy's error page?)");
    }

    @Test
    void malformedJsonFromTheTokenEndpointIsOneClearLine() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"access_token\": \"abc\", ")));
        assertFatal(rsaPemSpec("system/*.read"), "SMART auth: the token endpoint " + tokenUrl
                + " answered with malformed JSON (HTTP 200, application/json)");
    }

    @Test
    void aTokenWithoutAccessTokenIsOneClearLine() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(okJson("{\"token_type\":\"bearer\"}")));
        assertFatal(rsaPemSpec("system/*.read"), "SMART auth: the token endpoint " + tokenUrl
                + " answered HTTP 200 without an access_token");
    }

    @Test
    void clockSkewIsNamedFromTheServersDateHeader() {
        String serverDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(clock.instant().minus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withHeader("Date", serverDate)
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}")));
        assertFatal(rsaPemSpec("system/*.read"), "SMART auth: the token endpoint " + tokenUrl
                + " refused the assertion (invalid_client: Client authentication failed): this machine's clock is"
                + " 600 s ahead of the server's; correct it (NTP) and run again");
    }

    @Test
    void anAssertionTheServerCallsExpiredPointsAtTheClock() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"JWT not yet valid (nbf)\"}")));
        assertThatThrownBy(() -> auth(rsaPemSpec("system/*.read")).verify()).isInstanceOf(SmartAuthException.class)
                .hasMessageStartingWith("SMART auth: the token endpoint " + tokenUrl + " says the assertion is"
                        + " expired or not yet valid (invalid_grant: JWT not yet valid (nbf)); check this machine's"
                        + " clock");
    }

    @Test
    void aWrongKeyIsInvalidClientInOneLine() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"signature verification failed\"}")));
        assertFatal(rsaPemSpec("system/*.read"), "SMART auth: the token endpoint " + tokenUrl + " refused client '"
                + CLIENT + "' (invalid_client: signature verification failed): the EHR does not accept the signed"
                + " assertion; check target.auth.clientId, keyId 'rsa-1', and that the EHR holds the public half of"
                + " this private key");
    }

    @Test
    void scopesTheServerDidNotGrantStopTheRun() {
        stubToken(300, "system/Patient.read");
        assertFatal(rsaPemSpec("system/Patient.read system/Patient.write"), "SMART auth: the token endpoint "
                + tokenUrl + " granted 'system/Patient.read' but the project asks for system/Patient.write; ask the"
                + " EHR to allow them for client '" + CLIENT + "'");
    }

    @Test
    void scopesThatDoNotCoverWhatTheProjectWritesStopTheRun() {
        stubToken(300, "system/Patient.read system/Patient.write");
        SmartBackendAuth auth = auth(rsaPemSpec("system/Patient.read system/Patient.write"));
        auth.verify();
        auth.requireAccess(new TargetAccess(Set.of("Patient"), true));

        assertThatThrownBy(() -> auth.requireAccess(new TargetAccess(Set.of("Patient", "Encounter"), true)))
                .isInstanceOf(SmartAuthException.class)
                .hasMessage("SMART auth: the granted scopes 'system/Patient.read system/Patient.write' lack "
                        + "system/Encounter.write, which this project needs (writes Encounter, Patient; searches "
                        + "Patient); add them to target.auth.scopes and ask the EHR to allow them for client '"
                        + CLIENT + "'");
    }

    @Test
    void theTokenEndpointIsFoundInTheSmartConfiguration() {
        server.stubFor(get(urlEqualTo("/fhir/.well-known/smart-configuration")).willReturn(okJson("""
                {"token_endpoint":"%s","grant_types_supported":["client_credentials"],
                 "token_endpoint_auth_methods_supported":["private_key_jwt"],
                 "token_endpoint_auth_signing_alg_values_supported":["RS384","ES384"]}""".formatted(tokenUrl))));
        stubToken(300, null);
        auth(new SmartBackend(null, CLIENT, pemFile(), null, "rsa-1", List.of("system/*.read"))).verify();
        server.verify(1, postRequestedFor(urlEqualTo("/auth/token")));
    }

    @Test
    void aServerWithoutSmartConfigurationAsksForTheTokenUrl() {
        assertFatal(new SmartBackend(null, CLIENT, pemFile(), null, "rsa-1", List.of("system/*.read")),
                "SMART auth: " + base + "/.well-known/smart-configuration answered HTTP 404; the server publishes"
                        + " no SMART configuration there: set target.auth.tokenUrl");
    }

    @Test
    void aServerThatDoesNotTakeOurAlgorithmIsRefusedBeforeAskingForAToken() {
        server.stubFor(get(urlEqualTo("/fhir/.well-known/smart-configuration")).willReturn(okJson("""
                {"token_endpoint":"%s","token_endpoint_auth_signing_alg_values_supported":["ES384"]}"""
                .formatted(tokenUrl))));
        assertFatal(new SmartBackend(null, CLIENT, pemFile(), null, "rsa-1", List.of("system/*.read")),
                "SMART auth: " + base + "/.well-known/smart-configuration lists"
                        + " token_endpoint_auth_signing_alg_values_supported without RS384, which SMART Backend"
                        + " Services needs");
        server.verify(0, postRequestedFor(urlEqualTo("/auth/token")));
    }

    @Test
    void tokensAreNeverAskedForOverPlainHttpToAnotherMachine() {
        assertFatal(new SmartBackend("http://ehr.example.org/token", CLIENT, pemFile(), null, "rsa-1",
                List.of("system/*.read")), "SMART auth: token URL http://ehr.example.org/token is not https;"
                + " credentials are only sent over https (or to this machine)");
    }

    private void assertFatal(SmartBackend spec, String message) {
        assertThatThrownBy(() -> auth(spec).verify()).isInstanceOf(SmartAuthException.class).hasMessage(message);
    }

    private SmartBackendAuth auth(SmartBackend spec) {
        return new SmartBackendAuth(base, spec, clock);
    }

    private IGenericClient client(SmartBackendAuth auth) {
        IGenericClient client = fhir.newRestfulGenericClient(base);
        client.registerInterceptor(auth);
        return client;
    }

    private Path pemFile() {
        return TestKeys.write(dir, "client.pem", TestKeys.pem(RSA));
    }

    private SmartBackend rsaPemSpec(String scopes) {
        return new SmartBackend(tokenUrl, CLIENT, pemFile(), null, "rsa-1", List.of(scopes.split(" ")));
    }

    private void stubToken(long expiresIn, String scope) {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(tokenResponse("token-1", expiresIn, scope)));
    }

    /** The token endpoint answers these tokens in turn (the last one from then on). */
    private void stubTokens(List<String> tokens, long expiresIn) {
        String state = Scenario.STARTED;
        for (int i = 0; i < tokens.size(); i++) {
            String next = i + 1 < tokens.size() ? "token " + (i + 2) : state;
            server.stubFor(post(urlEqualTo("/auth/token")).inScenario("tokens").whenScenarioStateIs(state)
                    .willReturn(tokenResponse(tokens.get(i), expiresIn, null)).willSetStateTo(next));
            state = next;
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenResponse(String token,
            long expiresIn, String scope) {
        return okJson("{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
                + (scope == null ? "" : ",\"scope\":\"" + scope + "\"") + "}");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
