package io.chartbridge.sandbox.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox with {@code --auth smart} behaves as an EHR behind SMART Backend Services: its SMART configuration,
 * a token endpoint that takes the demo client's signed assertions and nothing else, a FHIR endpoint that answers 401
 * without a valid token and 403 for what the token's scopes do not allow.
 */
class SandboxSmartAuthIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxProcess sandbox;
    private static Path dataDir;
    private static String root;

    @BeforeAll
    static void startSandbox() throws Exception {
        dataDir = Files.createTempDirectory("chartbridge-smart-sandbox-");
        sandbox = SandboxProcess.start(Path.of("").toAbsolutePath().getParent(), SandboxProcess.freePort(), dataDir,
                List.of("--auth", "smart"));
        root = sandbox.baseUrl().replace("/fhir", "");
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    @Test
    void theSmartConfigurationNamesTheTokenEndpointAndWhatItTakes() throws Exception {
        JsonNode config = JSON.readTree(get("/fhir/.well-known/smart-configuration", null).body());
        assertThat(config.path("token_endpoint").asText()).isEqualTo(root + "/oauth2/token");
        assertThat(config.path("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");
        assertThat(config.path("token_endpoint_auth_signing_alg_values_supported").toString())
                .contains("RS384", "ES384");
        assertThat(get("/fhir/metadata", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theDemoClientsKeysAreReadableByTheOwnerOnly() throws Exception {
        Path smart = dataDir.resolve("smart");
        assertThat(Files.getPosixFilePermissions(smart)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        for (String file : List.of("demo-client-key.pem", "demo-client.jwks.json")) {
            assertThat(Files.getPosixFilePermissions(smart.resolve(file)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(Files.readString(smart.resolve("demo-client-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void withoutAValidTokenTheFhirEndpointAnswers401() throws Exception {
        assertThat(get("/fhir/Patient", null).statusCode()).isEqualTo(401);
        assertThat(get("/fhir/Patient", "Bearer not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void aReadScopeReadsButMayNotWrite() throws Exception {
        String token = token(assertion(rsa(), Duration.ofMinutes(4)), "system/Patient.read").path("access_token")
                .asText();
        assertThat(get("/fhir/Patient", "Bearer " + token).statusCode()).isEqualTo(200);

        HttpResponse<String> put = send("PUT", "/fhir/Patient/smart-1", "Bearer " + token,
                "{\"resourceType\":\"Patient\",\"id\":\"smart-1\"}");
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(put.body()).contains("Access denied: the access token's scopes (system/Patient.read) do not"
                + " allow update of Patient");
        HttpResponse<String> transaction = send("POST", "/fhir", "Bearer " + token, """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient",
                 "id":"smart-2"},"request":{"method":"PUT","url":"Patient/smart-2"}}]}""");
        assertThat(transaction.statusCode()).isEqualTo(403);
    }

    @Test
    void aWriteScopeWritesThatTypeOnly() throws Exception {
        String token = token(assertion(ec(), Duration.ofMinutes(4)), "system/Patient.cu system/Patient.rs")
                .path("access_token").asText();
        assertThat(send("PUT", "/fhir/Patient/smart-3", "Bearer " + token,
                "{\"resourceType\":\"Patient\",\"id\":\"smart-3\"}").statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/fhir/Encounter/smart-4", "Bearer " + token,
                "{\"resourceType\":\"Encounter\",\"id\":\"smart-4\",\"status\":\"finished\"}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void theTokenEndpointRefusesAWrongKeyAReplayAndAnAssertionTooFarAhead() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("demo-rs384").generate();
        assertThat(token(assertion(stranger, Duration.ofMinutes(4)), "system/*.read").path("error").asText())
                .isEqualTo("invalid_client");

        String once = assertion(rsa(), Duration.ofMinutes(4));
        assertThat(token(once, "system/*.read").has("access_token")).isTrue();
        assertThat(token(once, "system/*.read").path("error").asText()).isEqualTo("invalid_client");

        assertThat(token(assertion(rsa(), Duration.ofMinutes(30)), "system/*.read").path("error").asText())
                .isEqualTo("invalid_client");
        assertThat(Files.readString(sandbox.logFile())).contains("jti was used before")
                .contains("exp is more than five minutes in the future");
    }

    @Test
    void theTokenCommandPrintsATokenForScripts() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("").toAbsolutePath().resolve("target/chartbridge-sandbox.jar").toString(), "token",
                "--port", sandbox.baseUrl().replaceAll(".*:(\\d+)/fhir", "$1"), "--data-dir", dataDir.toString(),
                "--scope=system/Patient.read").redirectErrorStream(false).start();
        String token = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        assertThat(get("/fhir/Patient", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    private static RSAKey rsa() throws Exception {
        return (RSAKey) keys().getKeyByKeyId("demo-rs384");
    }

    private static ECKey ec() throws Exception {
        return (ECKey) keys().getKeyByKeyId("demo-es384");
    }

    private static JWKSet keys() throws Exception {
        return JWKSet.load(dataDir.resolve("smart/demo-client.jwks.json").toFile());
    }

    private static String assertion(com.nimbusds.jose.jwk.JWK key, Duration ahead) throws Exception {
        boolean ec = key instanceof ECKey;
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ec ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384)
                .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder()
                .issuer("chartbridge-demo").subject("chartbridge-demo").audience(root + "/oauth2/token")
                .expirationTime(Date.from(Instant.now().plus(ahead))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(ec ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key));
        return jwt.serialize();
    }

    /** A token request as SMART's example sends it: no client_id. */
    private static JsonNode token(String assertion, String scope) throws Exception {
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode(
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return send("GET", path, authorization, null);
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).header("Accept", "application/fhir+json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/fhir+json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
