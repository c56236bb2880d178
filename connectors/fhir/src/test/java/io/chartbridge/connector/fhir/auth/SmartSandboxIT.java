package io.chartbridge.connector.fhir.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import io.chartbridge.connector.fhir.FhirRestTarget;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.SmartBackend;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.TargetAccess;
import io.chartbridge.core.target.TargetUnavailableException;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMART Backend Services against the sandbox EHR started with {@code --auth smart}: a real OAuth 2.0 authorization
 * server (Spring Authorization Server) and a real HAPI FHIR server that answers 401 without a valid token and 403
 * when a scope is missing. Access tokens last {@value #TTL_SECONDS} s here, so a run outlives one.
 */
class SmartSandboxIT {

    private static final int TTL_SECONDS = 15;
    private static final String CLIENT = "chartbridge-demo";
    private static SandboxProcess sandbox;
    private static Path dataDir;
    private static FhirContext fhir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() throws IOException {
        dataDir = Files.createTempDirectory("chartbridge-smart-sandbox-");
        Path repo = Path.of("").toAbsolutePath().getParent().getParent();
        sandbox = SandboxProcess.start(repo, SandboxProcess.freePort(), dataDir,
                List.of("--auth", "smart", "--token-ttl", String.valueOf(TTL_SECONDS)));
        fhir = FhirContext.forR4();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    @Test
    void theDemoClientsKeysAreWrittenForTheOwnerOnly() throws IOException {
        for (String file : List.of("demo-client-key.pem", "demo-client.jwks.json")) {
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("smart").resolve(file)))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aTokenFromTheDiscoveredEndpointServesManyRequests() throws IOException {
        String scopes = "system/Patient.read";
        SmartBackendAuth auth = new SmartBackendAuth(sandbox.baseUrl(), spec(pem(), "demo-rs384", scopes));
        IGenericClient client = client(auth);
        long before = tokensIssued(scopes);
        Instant start = Instant.now();
        for (int i = 0; i < 30; i++) {
            client.search().forResource(Patient.class).returnBundle(Bundle.class).execute();
        }
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        long issued = tokensIssued(scopes) - before;
        // One token unless 30 searches took longer than the renewal point of a token (80 % of its life).
        assertThat(issued).as("tokens for 30 searches in %d s", seconds)
                .isBetween(1L, 1 + seconds / (TTL_SECONDS * 4 / 5));
        assertThat(auth.tokenRequests()).isEqualTo((int) issued);
    }

    @Test
    void aTokenThatEndsDuringTheRunIsRenewedAndTheLoadGoesOn() throws Exception {
        String scopes = "system/Patient.write system/Patient.read";
        FhirRestTarget target = target(spec(pem(), "demo-rs384", scopes));
        long before = tokensIssued(scopes);
        target.verify();
        target.checkAccess(new TargetAccess(Set.of("Patient"), true));
        assertThat(target.load(List.of(patient("smart-run-1"))).get(0).status())
                .isEqualTo(LoadOutcome.Status.CREATED);

        Thread.sleep((TTL_SECONDS + 2) * 1000L);   // the first token has ended on the server
        List<LoadOutcome> later = target.load(List.of(patient("smart-run-2")));

        assertThat(later.get(0).status()).isEqualTo(LoadOutcome.Status.CREATED);
        assertThat(tokensIssued(scopes) - before).isEqualTo(2);
    }

    @Test
    void aTokenTheServerRefusesIsReplacedAndTheRequestSentAgain() throws Exception {
        String scopes = "system/*.read";
        // A clock at half speed: the client thinks its token has time left when the server has let it end.
        Instant origin = Instant.now();
        Clock slow = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return origin.plus(Duration.between(origin, Instant.now()).dividedBy(2));
            }
        };
        SmartBackendAuth auth = new SmartBackendAuth(sandbox.baseUrl(), spec(pem(), "demo-rs384", scopes), slow);
        IGenericClient client = client(auth);
        long before = tokensIssued(scopes);
        client.search().forResource(Patient.class).returnBundle(Bundle.class).execute();
        Thread.sleep((TTL_SECONDS + 2) * 1000L);

        client.search().forResource(Patient.class).returnBundle(Bundle.class).execute();

        assertThat(tokensIssued(scopes) - before).isEqualTo(2);
    }

    @Test
    void anEs384KeyFromTheJwkSetWorksToo() {
        String scopes = "system/Patient.rs";
        SmartBackend spec = new SmartBackend(null, CLIENT, dataDir.resolve("smart/demo-client.jwks.json"), null,
                "demo-es384", List.of(scopes));
        SmartBackendAuth auth = new SmartBackendAuth(sandbox.baseUrl(), spec);
        client(auth).search().forResource(Patient.class).returnBundle(Bundle.class).execute();
        assertThat(auth.tokenRequests()).isEqualTo(1);
    }

    @Test
    void aWrongKeyIsOneFatalLineBeforeAnyDataMoves() {
        Path wrong = TestKeys.write(dir, "wrong.pem", TestKeys.pem(TestKeys.rsa(2048)));
        FhirRestTarget target = target(spec(wrong, "demo-rs384", "system/*.write system/Patient.read"));

        assertThatThrownBy(target::verify).isInstanceOf(SmartAuthException.class)
                .hasMessageStartingWith("SMART auth: the token endpoint " + tokenUrl() + " refused client '" + CLIENT
                        + "' (invalid_client")
                .hasMessageEndingWith("the EHR does not accept the signed assertion; check target.auth.clientId, keyId"
                        + " 'demo-rs384', and that the EHR holds the public half of this private key")
                .message().doesNotContain("\n");
    }

    @Test
    void aMissingScopeIsOneClearLineAndTheServerSays403() throws IOException {
        String scopes = "system/Patient.read system/Encounter.read";
        FhirRestTarget target = target(spec(pem(), "demo-rs384", scopes));
        target.verify();

        assertThatThrownBy(() -> target.checkAccess(new TargetAccess(Set.of("Patient"), true)))
                .isInstanceOf(SmartAuthException.class)
                .hasMessage("SMART auth: the granted scopes 'system/Patient.read system/Encounter.read' lack "
                        + "system/Patient.write, which this project needs (writes Patient; searches Patient); add them"
                        + " to target.auth.scopes and ask the EHR to allow them for client '" + CLIENT + "'");
        // Without the check, the server itself refuses the write.
        assertThatThrownBy(() -> target.load(List.of(patient("smart-denied-1"))))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("FHIR target " + sandbox.baseUrl() + " denied access (HTTP 403); the credentials lack the"
                        + " needed permissions");
        assertThat(sandbox.get("metadata")).contains("CapabilityStatement");
    }

    private FhirRestTarget target(SmartBackend spec) {
        return new FhirRestTarget(new TargetSpec("fhir", null, sandbox.baseUrl(), TargetSpec.WriteMode.PUT, 10, 1,
                new AuthSpec("smart-backend", null, null, null, spec)), fhir);
    }

    private IGenericClient client(SmartBackendAuth auth) {
        IGenericClient client = fhir.newRestfulGenericClient(sandbox.baseUrl());
        client.registerInterceptor(auth);
        return client;
    }

    private static SmartBackend spec(Path key, String kid, String scopes) {
        return new SmartBackend(null, CLIENT, key, null, kid, List.of(scopes.split(" ")));
    }

    private static Path pem() {
        return dataDir.resolve("smart/demo-client-key.pem");
    }

    private static String tokenUrl() {
        return sandbox.baseUrl().replace("/fhir", "/oauth2/token");
    }

    /** Tokens the sandbox issued for these scopes, from its log. */
    private static long tokensIssued(String scopes) throws IOException {
        java.util.Set<String> wanted = java.util.Set.of(scopes.split(" "));
        java.util.regex.Pattern issued = java.util.regex.Pattern.compile(
                "Issued an access token to client 'chartbridge-demo' \\(scope '([^']*)'");
        try (var lines = Files.lines(sandbox.logFile())) {
            // The server lists the granted scopes in no fixed order.
            return lines.map(issued::matcher).filter(java.util.regex.Matcher::find)
                    .filter(m -> java.util.Set.of(m.group(1).split(" ")).equals(wanted)).count();
        }
    }

    private static MappedResource patient(String id) {
        com.fasterxml.jackson.databind.node.ObjectNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("resourceType", "Patient").put("id", id);
        json.putArray("name").addObject().put("family", "Synthetic");
        return new MappedResource("Patient", id, json, null, "hash-" + id);
    }
}
