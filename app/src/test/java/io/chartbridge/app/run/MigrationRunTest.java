package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.app.PipelineApplication;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectIds;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A whole run through the Camel stages into the default NDJSON target, and re-runs of it. */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class MigrationRunTest {

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    @Test
    void badRowsAreQuarantinedWithTheirLineAndTheRestIsLoaded() throws Exception {
        Project project = new ProjectLoader().load(TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson"));

        RunOutcome outcome = runner.run(project);

        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.summary().run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(outcome.summary().received()).isEqualTo(5);
        assertThat(outcome.summary().items(ItemState.LOADED)).as("%s", outcome.problems()).isEqualTo(3);
        assertThat(outcome.summary().items(ItemState.QUARANTINED)).isEqualTo(2);
        assertThat(outcome.summary().resources("CREATED")).isEqualTo(3);
        assertThat(outcome.problems()).extracting(p -> p.location()).containsExactly("patients.csv:4",
                "patients.csv:5");
        assertThat(outcome.problems().get(0).reason()).contains("DOB").doesNotContain("31-31-1990");
        assertThat(patientLines()).hasSize(3);
    }

    @Test
    void aRerunCreatesNothingAndAChangedRowUpdatesItsResource() throws Exception {
        Path file = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson");
        Project project = new ProjectLoader().load(file);
        runner.run(project);
        List<String> first = patientLines();

        RunOutcome again = runner.run(project);
        assertThat(again.summary().resources("CREATED")).isZero();
        assertThat(again.summary().resources("UNCHANGED")).isEqualTo(3);
        assertThat(patientLines()).isEqualTo(first);

        Files.writeString(dir.resolve("patients.csv"), TestProjects.FIVE_ROWS.replace("Testa,Ada", "Testa-Smith,Ada"));
        RunOutcome changed = runner.run(new ProjectLoader().load(file));
        assertThat(changed.summary().resources("UPDATED")).isEqualTo(1);
        assertThat(changed.summary().resources("UNCHANGED")).isEqualTo(2);
        assertThat(patientLines()).hasSize(3).anySatisfy(l -> assertThat(l).contains("Testa-Smith"));
    }

    @Test
    void resourceIdsAreKeyedByTheProjectsOwnSecretSoNobodyCanRecomputeThemFromAnMrn() throws Exception {
        Project project = new ProjectLoader().load(TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson"));
        runner.run(project);

        String keyed = ProjectIds.of(project).idFor("urn:chartbridge:source:legacy-emr", "Patient", "900001");
        String unkeyed = java.util.UUID.nameUUIDFromBytes("urn:chartbridge:source:legacy-emr|Patient|900001"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        assertThat(patientLines()).filteredOn(line -> line.contains("\"900001\"")).singleElement()
                .satisfies(line -> assertThat(line).contains("\"id\":\"" + keyed + "\"")
                        .doesNotContain(TestIdSecret.IDS.idFor("urn:chartbridge:source:legacy-emr", "Patient", "900001"))
                        .doesNotContain(unkeyed));
        assertThat(dir.resolve(".chartbridge/id-secret")).isRegularFile();
    }

    @Test
    void aRunUnderALostIdSecretIsRefusedBeforeItCreatesEveryResourceAgain() throws Exception {
        Path file = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson");
        runner.run(new ProjectLoader().load(file));
        List<String> loaded = patientLines();
        Files.delete(dir.resolve(".chartbridge/id-secret"));

        assertThatThrownBy(() -> runner.run(new ProjectLoader().load(file)))
                .isInstanceOf(FatalSetupException.class)
                .hasMessageContaining("with another id secret")
                .hasMessageContaining("Restore the secret");
        assertThat(patientLines()).isEqualTo(loaded);
    }

    @Test
    void everyResourceCarriesItsLineageInMetaSource() throws Exception {
        Project project = new ProjectLoader().load(TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson"));
        long run = runner.run(project).summary().run().id();

        // Records are mapped by two consumers, so the file's order is not the input's: find the row's resource.
        assertThat(patientLines()).filteredOn(line -> line.contains("\"900001\"")).singleElement().satisfies(line ->
                assertThat(line).contains("\"source\":\"urn:chartbridge:run:" + run
                        + ":mapping:legacy-emr-patient%401:source:patients.csv:line:2\""));
    }

    @Test
    void aResourceThatIsNotValidFhirIsQuarantinedWithTheValidatorsMessage() throws Exception {
        Path project = TestProjects.write(dir, TestProjects.HEADER
                + "900010,,Testz,Zed,,1970-01-01,female,,,,,,,\n"
                + "900011,,Testy,Yan,,1970-01-01,M,,,,,,,\n", "kind: ndjson");
        Files.writeString(project, Files.readString(project).replace(
                TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml").toString(),
                Path.of(getClass().getResource("/mappings/patient-with-free-text-gender.yaml").toURI()).toString()));

        RunOutcome outcome = runner.run(new ProjectLoader().load(project));

        assertThat(outcome.summary().items(ItemState.LOADED)).isEqualTo(1);
        assertThat(outcome.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("patients.csv:3");
            assertThat(p.state()).isEqualTo(ItemState.QUARANTINED);
            assertThat(p.reason()).startsWith("Patient is not valid FHIR R4: Patient.gender");
        });
    }

    @Test
    void aFixedWidthExportRunsWithTheLayoutItsMappingDeclares() throws Exception {
        Path fixture = TestProjects.repo().resolve("test-fixtures/fixed-width/legacy-billing");
        Path file = dir.resolve("project.yaml");
        Files.writeString(file, """
                name: billing
                sources:
                  - name: legacy-billing
                    connector: fixed-width
                    location: %s
                    mapping: %s
                target:
                  kind: ndjson
                """.formatted(fixture.resolve("patients.txt"),
                TestProjects.repo().resolve("mappings/fixed-width/legacy-billing-patients.yaml")));

        RunOutcome outcome = runner.run(new ProjectLoader().load(file));

        long expected = Files.readAllLines(fixture.resolve("expected/patients.ndjson")).size();
        assertThat(outcome.summary().resources("CREATED")).as("%s", outcome.problems()).isEqualTo(expected);
        assertThat(patientLines()).hasSize((int) expected);
    }

    private List<String> patientLines() throws Exception {
        return Files.readAllLines(dir.resolve("out/Patient.ndjson"));
    }
}
