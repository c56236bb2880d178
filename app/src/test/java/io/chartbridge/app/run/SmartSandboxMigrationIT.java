package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.report.TargetResourceReader;
import io.chartbridge.connector.fhir.auth.FhirTargetAuth;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.reporting.ReadBackSample;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A whole migration into the sandbox EHR behind SMART Backend Services ({@code --auth smart}): the loader, the
 * match stage's candidate searches and the report's read-back sign in with the project's {@code smart-backend}
 * credentials, on one token; a wrong key or a missing scope stops the run with one line before any data moves.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class SmartSandboxMigrationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SandboxProcess sandbox;
    private static Path dataDir;

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() throws IOException {
        dataDir = Files.createTempDirectory("chartbridge-smart-sandbox-");
        sandbox = SandboxProcess.start(TestProjects.repo(), SandboxProcess.freePort(), dataDir,
                List.of("--auth", "smart"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    private Project project(String key, String scopes) throws IOException {
        Path file = dir.resolve("project.yaml");
        Files.writeString(file, """
                name: smart-e2e
                sources:
                  - name: legacy-emr-patients
                    connector: csv
                    location: %s
                    mapping: %s
                target:
                  kind: fhir
                  url: %s
                  mode: conditional
                  bundleSize: 10
                  auth:
                    type: smart-backend
                    clientId: chartbridge-demo
                    privateKey: %s
                    keyId: demo-rs384
                    scopes: %s
                matching:
                  enabled: true
                """.formatted(TestProjects.repo().resolve("test-fixtures/csv/legacy-emr/patients.csv"),
                TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml"), sandbox.baseUrl(), key,
                scopes));
        return new ProjectLoader().load(file);
    }

    @Test
    void theLoaderTheMatchStageAndTheReadBackWorkThroughSmartAuthOnOneToken() throws Exception {
        String scopes = "system/*.read system/*.write";
        Project project = project(dataDir.resolve("smart/demo-client-key.pem").toString(), "[" + scopes + "]");
        // Seeded with the project's own credentials: the EHR's patients, three of them registered again without
        // their legacy MRN, whom only the match stage's searches can find.
        String authorization = FhirTargetAuth.forTarget(project.target()).authorizationHeader().orElseThrow();
        sandbox.seed(TestProjects.repo().resolve("test-fixtures/sandbox/seed-patients.json"), authorization);

        RunOutcome run = runner.run(project);

        assertThat(run.completed()).as("%s", run.fatalError()).isTrue();
        assertThat(run.summary().items(ItemState.FAILED)).isZero();
        assertThat(run.summary().items(ItemState.LOADED)).isPositive();
        // James Earl Wilson is ehr-p0004 without his MRN: found by the candidate searches, so not created twice.
        assertThat(JSON.readTree(sandbox.get("Patient?family=Wilson", authorization))
                .path("total").asInt()).isEqualTo(1);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            // Read with the run's token: the sample reads back as sent (none unreadable for a 401).
            ReadBackSample.Result readBack = new ReadBackSample(ledger).check(run.summary().run().id(), 5,
                    TargetResourceReader.forTarget(project.target()),
                    new io.chartbridge.app.report.SourceRecordSentContent(project, ledger, new ConnectorRegistry()));
            assertThat(readBack.checks()).isNotEmpty();
            assertThat(readBack.allSame()).as("%s", readBack.checks()).isTrue();
        }
        assertThat(tokensIssued(scopes)).isEqualTo(1);
    }

    @Test
    void aWrongKeyStopsTheRunWithOneLineBeforeAnyDataMoves() throws Exception {
        Path wrong = dir.resolve("wrong.pem");
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Files.writeString(wrong, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> runner.run(project(wrong.toString(), "[system/*.read, system/*.write]")))
                .isInstanceOf(FatalSetupException.class)
                .hasMessageStartingWith("SMART auth: the token endpoint " + sandbox.baseUrl().replace("/fhir", "")
                        + "/oauth2/token refused client 'chartbridge-demo' (invalid_client")
                .message().doesNotContain("\n");
    }

    @Test
    void aMissingWriteScopeStopsTheRunWithOneLineBeforeAnyDataMoves() throws Exception {
        Project project = project(dataDir.resolve("smart/demo-client-key.pem").toString(), "[system/Patient.read]");

        assertThatThrownBy(() -> runner.run(project)).isInstanceOf(FatalSetupException.class)
                .hasMessage("SMART auth: the granted scopes 'system/Patient.read' lack system/Patient.write, which"
                        + " this project needs (writes Patient; searches Patient); add them to target.auth.scopes and"
                        + " ask the EHR to allow them for client 'chartbridge-demo'");
    }

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
}
