package io.chartbridge.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.FatalSetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("project.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static final String MINIMAL = """
            name: demo
            sources:
              - name: patients
                connector: csv
                location: data/patients.csv
                mapping: ../mappings/patient.yaml
            """;

    @Test
    void pathsResolveAgainstTheProjectFolderAndDefaultsApply() throws Exception {
        Project p = new ProjectLoader(k -> null).load(write(MINIMAL));
        assertThat(p.sources().get(0).location()).isEqualTo(dir.resolve("data/patients.csv"));
        assertThat(p.sources().get(0).mapping()).isEqualTo(dir.getParent().resolve("mappings/patient.yaml"));
        assertThat(p.target().kind()).isEqualTo("ndjson");
        assertThat(p.target().location()).isEqualTo(dir.resolve("out"));
        assertThat(p.ledger().url()).startsWith("jdbc:h2:file:" + dir.resolve(".chartbridge/ledger"));
        assertThat(p.matching().matchThreshold()).isEqualTo(0.99);
    }

    @Test
    void timeZoneIsTheProjectsOrTheSystems() throws Exception {
        assertThat(new ProjectLoader(k -> null).load(write(MINIMAL)).zone()).isEqualTo(java.time.ZoneId.systemDefault());
        assertThat(new ProjectLoader(k -> null).load(write(MINIMAL + "timezone: Europe/Berlin\n")).zone())
                .isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
    }

    @Test
    void unknownTimeZoneIsReportedWithFileAndLine() throws Exception {
        Path f = write(MINIMAL + "timezone: Europe/Springfield\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(f))
                .isInstanceOf(FatalSetupException.class)
                .hasMessageStartingWith(f + ":7: timezone 'Europe/Springfield' is not a time zone id");
    }

    @Test
    void theEngineIsLocalUnlessTheProjectSaysKafka() throws Exception {
        assertThat(new ProjectLoader(k -> null).load(write(MINIMAL)).engine().kafka()).isFalse();
        Project p = new ProjectLoader(k -> null).load(write(MINIMAL + """
                ledger:
                  url: jdbc:postgresql://db.example:5432/ledger
                  username: cb
                engine:
                  kind: kafka
                  bootstrapServers: kafka-1:9092,kafka-2:9092
                """));
        assertThat(p.engine().kafka()).isTrue();
        assertThat(p.engine().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(p.engine().topicPrefix()).isEqualTo("chartbridge.demo");
        assertThat(p.engine().partitions()).isEqualTo(ProjectLoader.DEFAULT_PARTITIONS);
    }

    @Test
    void theKafkaEngineRefusesAnH2LedgerInOneLine() throws Exception {
        Path f = write(MINIMAL + "engine:\n  kind: kafka\n  bootstrapServers: 127.0.0.1:9092\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(f))
                .isInstanceOf(FatalSetupException.class)
                .hasMessage(f + ": engine 'kafka' needs the ledger on PostgreSQL (ledger.url jdbc:postgresql://...),"
                        + " which every worker shares; this ledger is H2");
    }

    @Test
    void theKafkaEngineWantsItsBrokersAndSaneTopicNames() throws Exception {
        String pg = "ledger:\n  url: jdbc:postgresql://127.0.0.1/l\n";
        Path noBrokers = write(MINIMAL + pg + "engine:\n  kind: kafka\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(noBrokers))
                .hasMessageContaining("engine.bootstrapServers");
        Path badPrefix = write(MINIMAL + pg + "engine:\n  kind: kafka\n  bootstrapServers: h:1\n"
                + "  topicPrefix: st mary's\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(badPrefix))
                .hasMessageContaining("engine.topicPrefix may hold letters, digits");
        Path badKind = write(MINIMAL + "engine:\n  kind: spark\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(badKind))
                .hasMessageEndingWith("engine.kind must be 'local' or 'kafka', not 'spark'");
    }

    @Test
    void unknownKeyIsReportedWithFileAndLine() throws Exception {
        Path f = write(MINIMAL + "targte:\n  kind: fhir\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(f))
                .isInstanceOf(FatalSetupException.class)
                .hasMessage(f + ":7: unknown key 'targte'");
    }

    @Test
    void secretsComeFromTheEnvironment() throws Exception {
        Path f = write(MINIMAL + """
                target:
                  kind: fhir
                  url: https://ehr.example/fhir
                  auth: { type: bearer, token: "${EHR_TOKEN}" }
                """);
        Project p = new ProjectLoader(Map.of("EHR_TOKEN", "s3cret")::get).load(f);
        assertThat(p.target().auth().token()).isEqualTo("s3cret");
        assertThat(p.target().auth().toString()).doesNotContain("s3cret");
    }

    @Test
    void smartBackendAuthResolvesTheKeyFileAgainstTheProjectFolder() throws Exception {
        Path f = write(MINIMAL + """
                target:
                  kind: fhir
                  url: https://ehr.example/fhir
                  auth:
                    type: smart-backend
                    clientId: ${EHR_CLIENT_ID}
                    privateKey: keys/chartbridge.pem
                    keyId: key-2026
                    scopes: [system/Patient.read, system/Patient.write]
                """);
        Project p = new ProjectLoader(Map.of("EHR_CLIENT_ID", "cb-123")::get).load(f);
        TargetSpec.SmartBackend smart = p.target().auth().smart();
        assertThat(p.target().auth().type()).isEqualTo("smart-backend");
        assertThat(smart.clientId()).isEqualTo("cb-123");
        assertThat(smart.privateKeyFile()).isEqualTo(dir.resolve("keys/chartbridge.pem"));
        assertThat(smart.privateKey()).isNull();
        assertThat(smart.tokenUrl()).isNull();
        assertThat(smart.keyId()).isEqualTo("key-2026");
        assertThat(smart.scopes()).containsExactly("system/Patient.read", "system/Patient.write");
    }

    @Test
    void smartBackendScopesMayBeOneSpaceSeparatedStringAndTheKeyAJwkSetFromTheEnvironment() throws Exception {
        Path f = write(MINIMAL + """
                target:
                  kind: fhir
                  url: https://ehr.example/fhir
                  auth:
                    type: smart-backend
                    tokenUrl: https://ehr.example/oauth2/token
                    clientId: cb-123
                    privateKey: '${EHR_JWKS}'
                    scopes: system/*.read system/*.write
                """);
        String jwks = "{\"keys\":[]}";
        Project p = new ProjectLoader(Map.of("EHR_JWKS", jwks)::get).load(f);
        TargetSpec.SmartBackend smart = p.target().auth().smart();
        assertThat(smart.privateKey()).isEqualTo(jwks);
        assertThat(smart.privateKeyFile()).isNull();
        assertThat(smart.scopes()).containsExactly("system/*.read", "system/*.write");
        assertThat(smart.toString()).doesNotContain("keys");
    }

    @Test
    void theDemoProjectSignsInAsTheSandboxDemoClientWhenTheDemoRunsWithSmart() {
        Path demo = Path.of("").toAbsolutePath().getParent().resolve("projects/demo/project.yaml");
        Project smart = new ProjectLoader(Map.of("CHARTBRIDGE_TARGET_KIND", "fhir",
                "CHARTBRIDGE_TARGET_AUTH", "smart-backend", "CHARTBRIDGE_TARGET_KEY", "/sandbox/smart/key.pem")::get)
                .load(demo);
        assertThat(smart.target().auth().smart().clientId()).isEqualTo("chartbridge-demo");
        assertThat(smart.target().auth().smart().privateKeyFile()).isEqualTo(Path.of("/sandbox/smart/key.pem"));
        assertThat(smart.target().auth().smart().keyId()).isEqualTo("demo-rs384");
        assertThat(smart.target().auth().smart().scopes()).containsExactly("system/*.read", "system/*.write");

        Project open = new ProjectLoader(Map.of("CHARTBRIDGE_TARGET_KIND", "fhir")::get).load(demo);
        assertThat(open.target().auth()).isEqualTo(TargetSpec.AuthSpec.NONE);
    }

    @Test
    void smartBackendWithoutScopesSaysWhatToWrite() throws Exception {
        Path f = write(MINIMAL + """
                target:
                  kind: fhir
                  url: https://ehr.example/fhir
                  auth: { type: smart-backend, clientId: cb, privateKey: k.pem }
                """);
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(f)).isInstanceOf(FatalSetupException.class)
                .hasMessage(f + ": 'target.auth.scopes' is required for smart-backend, e.g. "
                        + "[system/Patient.read, system/Patient.write]");
    }

    @Test
    void environmentValuesArriveExactlyWhateverYamlWouldMakeOfThemAsText() throws Exception {
        // test-fixtures/hostile/env-values.txt: a password "s3cret #1" used to become "s3cret" (a YAML comment),
        // "*star" an alias, "'quoted'" lost its quotes and "a: b" broke the file, because ${VAR} was replaced in
        // the text before parsing.
        List<String> hostile = Files.readAllLines(Path.of("../test-fixtures/hostile/env-values.txt"));
        assertThat(hostile).contains("s3cret #1", "*star", "'quoted'", "a: b");
        Path f = write(MINIMAL + """
                    options: { quote: "${V}" }
                target:
                  kind: fhir
                  url: https://${HOST:-ehr.example}/fhir
                  auth:
                    type: basic
                    username: ${V}
                    password: "${V}"
                ledger:
                  url: jdbc:postgresql://127.0.0.1/ledger
                  password: '${V}'
                """);
        for (String value : hostile) {
            Project p = new ProjectLoader(Map.of("V", value)::get).load(f);
            assertThat(p.target().auth().username()).isEqualTo(value);
            assertThat(p.target().auth().password()).isEqualTo(value);
            assertThat(p.ledger().password()).isEqualTo(value);
            assertThat(p.sources().get(0).options()).containsEntry("quote", value);
            assertThat(p.target().url()).isEqualTo("https://ehr.example/fhir");
        }
    }

    @Test
    void missingEnvironmentVariableNamesTheVariableAndLine() throws Exception {
        Path f = write(MINIMAL + "target:\n  kind: fhir\n  url: ${EHR_URL}\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(f))
                .hasMessage(f + ":9: environment variable EHR_URL is not set");
    }

    @Test
    void defaultValuesInPlaceholdersApply() throws Exception {
        Path f = write(MINIMAL + "target:\n  kind: ${KIND:-fhir}\n  url: ${URL:-http://127.0.0.1:8090/fhir}\n");
        Project p = new ProjectLoader(k -> null).load(f);
        assertThat(p.target().url()).isEqualTo("http://127.0.0.1:8090/fhir");
    }

    @Test
    void missingProjectFileIsOneClearLine() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ProjectLoader().load(missing))
                .isInstanceOf(FatalSetupException.class)
                .hasMessage("Project file not found: " + missing);
    }

    @Test
    void invertedThresholdsAreRejected() throws Exception {
        Path f = write(MINIMAL + "matching:\n  matchThreshold: 0.7\n  reviewThreshold: 0.9\n");
        assertThatThrownBy(() -> new ProjectLoader(k -> null).load(f)).hasMessageContaining("thresholds");
    }

    @Test
    void absoluteAndNonH2LedgerUrlsAreKept() {
        assertThat(ProjectLoader.resolveH2File(dir, "jdbc:postgresql://127.0.0.1/x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1/x");
        assertThat(ProjectLoader.resolveH2File(dir, "jdbc:h2:file:./l;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:" + dir.resolve("l") + ";AUTO_SERVER=TRUE");
    }
}
