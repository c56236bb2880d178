package io.chartbridge.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.FatalSetupException;
import java.nio.file.Files;
import java.nio.file.Path;
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
