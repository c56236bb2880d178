package io.chartbridge.sandbox.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * {@code java -jar chartbridge-sandbox.jar token --port N --data-dir DIR [--scope "system/*.write"]}: asks the running
 * sandbox for an access token as its demo client and prints it, so a script (seeding, curl) can talk to a sandbox
 * started with {@code --auth smart}. Exit 0 with the token on standard output, 1 with one line on standard error.
 */
public final class SandboxTokenCommand {

    private SandboxTokenCommand() {
    }

    public static int run(int port, Path dataDir, String scope) {
        String tokenUrl = "http://127.0.0.1:" + port + "/oauth2/token";
        try {
            JWKSet keys = JWKSet.load(dataDir.resolve("smart").resolve(SandboxDemoClient.JWKS_FILE).toFile());
            RSAKey key = (RSAKey) keys.getKeyByKeyId(SandboxDemoClient.RSA_KID);
            SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder()
                    .issuer(SandboxDemoClient.CLIENT_ID).subject(SandboxDemoClient.CLIENT_ID).audience(tokenUrl)
                    .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(4))))
                    .jwtID(UUID.randomUUID().toString()).build());
            assertion.sign(new RSASSASigner(key));
            String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                    + "&client_assertion_type=" + URLEncoder.encode(
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                    + "&client_assertion=" + assertion.serialize();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(response.body());
            if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
                System.err.println("chartbridge-sandbox token: " + tokenUrl + " answered HTTP "
                        + response.statusCode() + " " + body.path("error").asText(""));
                return 1;
            }
            System.out.println(body.get("access_token").asText());
            return 0;
        } catch (IOException | ParseException | JOSEException | ClassCastException | NullPointerException e) {
            System.err.println("chartbridge-sandbox token: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (is the sandbox running with --auth smart on port " + port + "?)");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
