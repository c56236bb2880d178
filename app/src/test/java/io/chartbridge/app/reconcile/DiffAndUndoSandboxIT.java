package io.chartbridge.app.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.run.MigrationRunner;
import io.chartbridge.app.run.MultiFileExport;
import io.chartbridge.app.run.RunOutcome;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.reconcile.DiffLedger;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The full rehearsal diff and undo against a real HAPI FHIR server of their own (a fresh sandbox, so that what other
 * tests load does not count as changed or extra): what a person does on the target shows in the diff, and undo
 * takes a run back out, refusing what changed since, so that a later run loads it again.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class DiffAndUndoSandboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxProcess sandbox;

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = SandboxProcess.start(TestProjects.repo(), SandboxProcess.freePort(),
                Files.createTempDirectory("chartbridge-diffundo-sandbox-"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    @Test
    void theDiffFindsAResourceDeletedOnTheTargetOneChangedByAPersonAndAnExtraObservation() throws Exception {
        Project project = project(rows(910001, "Adams", "Ann", "1970-01-31"), rows(910002, "Baker", "Bob",
                "1982-02-14"), rows(910003, "Clark", "Cy", "1990-03-03"));
        RunOutcome run = runner.run(project);
        assertThat(run.summary().resources("CREATED")).as("%s %s", run.fatalError(), run.problems()).isEqualTo(3);
        String deleted = patientId(910001);
        String changed = patientId(910002);
        String other = patientId(910003);

        delete("Patient/" + deleted);
        ObjectNode bob = (ObjectNode) JSON.readTree(sandbox.get("Patient/" + changed));
        bob.put("birthDate", "1982-02-15");
        sandbox.put("Patient/" + changed, bob.toString());
        String extra = JSON.readTree(sandbox.post("Observation", """
                {"resourceType":"Observation","status":"final","code":{"text":"added by a nurse"},
                 "subject":{"reference":"Patient/%s"}}""".formatted(other))).path("id").asText();

        Path report = dir.resolve("diff.csv");
        Cli diff = cli("diff", String.valueOf(run.summary().run().id()), "--project", projectFile().toString(),
                "--out", report.toString());

        assertThat(diff.exit).as(diff.err).isEqualTo(4);
        assertThat(diff.out).contains("3 read back, 1 same, 1 missing, 1 changed, 1 extra, 0 unreadable");
        List<String> lines = Files.readAllLines(report);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("MISSING,Patient," + deleted));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("CHANGED,Patient," + changed)
                .contains(",1,2,birthDate,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("EXTRA,Observation," + extra));
        String text = Files.readString(report);
        assertThat(text).as("no record values without --show-values").doesNotContain("1982-02-1")
                .doesNotContain("Baker").doesNotContain("Clark");
        assertThat(diff.err).contains("diff: reading back (3 resources)");
        try (Ledger ledger = Ledger.open(project.ledger())) {
            var latest = new DiffLedger(ledger).latest().orElseThrow();
            assertThat(latest.runId()).isEqualTo(run.summary().run().id());
            assertThat(List.of(latest.checked(), latest.missing(), latest.changed(), latest.extra()))
                    .containsExactly(3L, 1L, 1L, 1L);
        }

        Cli values = cli("diff", String.valueOf(run.summary().run().id()), "--project", projectFile().toString(),
                "--show-values", "--no-extra");
        assertThat(values.out).contains("birthDate: 1982-02-14 -> 1982-02-15").contains("not searched for");

        // What the diff says a re-run does, it does: nothing sent, the deletion and the person's change stay.
        assertThat(diff.out).contains("A re-run with unchanged source records sends none of these again: 1 missing"
                + " stay missing and 1 changed keep the target's content");
        RunOutcome again = runner.run(project);
        assertThat(again.summary().resources("UNCHANGED")).as("%s", again.problems()).isEqualTo(3);
        assertThat(status("Patient/" + deleted)).isIn(404, 410);
        assertThat(JSON.readTree(sandbox.get("Patient/" + changed)).path("birthDate").asText())
                .isEqualTo("1982-02-15");
    }

    @Test
    void undoDeletesWhatTheRunCreatedRestoresWhatItUpdatedLeavesWhatAPersonChangedAndALaterRunLoadsAgain()
            throws Exception {
        Project first = project(rows(920001, "Evans", "Eve", "1960-05-05"), rows(920002, "Ford", "Fay",
                "1961-06-06"));
        RunOutcome one = runner.run(first);
        assertThat(one.summary().resources("CREATED")).as("%s %s", one.fatalError(), one.problems()).isEqualTo(2);
        String updated = patientId(920002);

        Project second = project(rows(920001, "Evans", "Eve", "1960-05-05"), rows(920002, "Ford", "Faye",
                "1961-06-06"), rows(920003, "Gray", "Gus", "1962-07-07"), rows(920004, "Hill", "Hal", "1963-08-08"));
        RunOutcome two = runner.run(second);
        assertThat(two.summary().resources("CREATED")).as("%s %s", two.fatalError(), two.problems()).isEqualTo(2);
        assertThat(two.summary().resources("UPDATED")).isEqualTo(1);
        long runTwo = two.summary().run().id();
        String created = patientId(920003);
        String touched = patientId(920004);
        ObjectNode hal = (ObjectNode) JSON.readTree(sandbox.get("Patient/" + touched));
        hal.put("gender", "other");
        sandbox.put("Patient/" + touched, hal.toString());

        Cli dry = cli("undo", String.valueOf(runTwo), "--dry-run", "--project", projectFile().toString());
        assertThat(dry.out).contains("would delete 1 created resource(s), restore 1 updated resource(s), leave 1"
                + " alone").contains("left alone  Patient/" + touched + ": changed on the target since the run");
        assertThat(status("Patient/" + created)).isEqualTo(200);

        Cli undo = cli("undo", String.valueOf(runTwo), "--project", projectFile().toString());

        assertThat(undo.exit).as(undo.out + undo.err).isEqualTo(4);
        assertThat(undo.out).contains("undone: 1 created resource(s) deleted, 1 updated resource(s) restored; 1 left"
                + " alone");
        assertThat(status("Patient/" + created)).isIn(404, 410);
        JsonNode restored = JSON.readTree(sandbox.get("Patient/" + updated));
        assertThat(restored.path("name").get(0).path("given").get(0).asText()).isEqualTo("Fay");
        assertThat(restored.path("meta").path("versionId").asText()).isEqualTo("3");
        assertThat(JSON.readTree(sandbox.get("Patient/" + touched)).path("gender").asText()).isEqualTo("other");
        assertThat(status("Patient/" + patientId(920001))).as("untouched by run 2").isEqualTo(200);
        Cli status = cli("status", String.valueOf(runTwo), "--project", projectFile().toString());
        assertThat(status.out).contains("UNDONE").contains("Undone: 1 created resource(s) deleted, 1 updated"
                + " resource(s) restored; 1 left alone");
        try (Ledger ledger = Ledger.open(second.ledger())) {
            assertThat(ledger.run(runTwo).orElseThrow().status()).isEqualTo(RunStatus.UNDONE);
            assertThat(ledger.query("select count(*) from audit_log where action = 'UNDO_RUN'", rs -> rs.getLong(1)))
                    .containsExactly(1L);
        }

        RunOutcome three = runner.run(second);
        // The deleted one is written again (HAPI may answer 201 or 200 for a resource it holds as deleted), the
        // restored one updated again; the two run 2 left alone or never touched are unchanged.
        assertThat(three.summary().resources("CREATED") + three.summary().resources("UPDATED"))
                .as("%s", three.problems()).isEqualTo(2);
        assertThat(three.summary().resources("UNCHANGED")).isEqualTo(2);
        assertThat(status("Patient/" + created)).isEqualTo(200);
        assertThat(JSON.readTree(sandbox.get("Patient/" + updated)).path("name").get(0).path("given").get(0)
                .asText()).isEqualTo("Faye");
    }

    @Test
    void undoOfAMultiFileExportDeletesReferrersBeforeWhatTheyReferTo() throws Exception {
        Path export = TestProjects.repo().resolve("test-fixtures/csv/legacy-ehr-multi");
        Project project = new ProjectLoader().load(MultiFileExport.project(dir, export, """
                kind: fhir
                url: %s
                bundleSize: 10
                """.formatted(sandbox.baseUrl())));
        RunOutcome run = runner.run(project);
        assertThat(run.summary().items(ItemState.FAILED)).as("%s", run.problems()).isZero();
        long created = run.summary().resources("CREATED");
        assertThat(created).isGreaterThan(10);
        List<String> loaded;
        try (Ledger ledger = Ledger.open(project.ledger())) {
            loaded = ledger.query("select resource_type || '/' || resource_id from run_resource where run_id = ?"
                    + " and outcome = 'CREATED'", rs -> rs.getString(1), run.summary().run().id());
        }

        Cli undo = cli("undo", String.valueOf(run.summary().run().id()), "--project", projectFile().toString());

        assertThat(undo.exit).as(undo.out + undo.err).isZero();
        assertThat(undo.out).contains("undone: " + created + " created resource(s) deleted");
        List<Integer> statuses = new ArrayList<>();
        for (String ref : loaded) {
            statuses.add(status(ref));
        }
        assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(404, 410));
    }

    // ---------------------------------------------------------------- helpers

    private static String rows(int mrn, String last, String first, String dob) {
        return mrn + ",123-45-" + (mrn % 10000) + "," + last + "," + first + ",," + dob + ",F,1 Main St,,Springfield,IL,"
                + "62701,217-555-0101,\n";
    }

    private Project project(String... rows) throws Exception {
        return new ProjectLoader().load(TestProjects.write(dir, TestProjects.HEADER + String.join("", rows), """
                kind: fhir
                url: %s
                bundleSize: 10
                """.formatted(sandbox.baseUrl())));
    }

    private Path projectFile() {
        return dir.resolve("project.yaml");
    }

    private static String patientId(int mrn) throws Exception {
        JsonNode found = JSON.readTree(sandbox.get("Patient?identifier=" + MRN_SYSTEM + "%7C" + mrn));
        assertThat(found.path("total").asInt()).as("patients with MRN %s", mrn).isEqualTo(1);
        return found.path("entry").get(0).path("resource").path("id").asText();
    }

    private static void delete(String ref) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/" + ref))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    private static int status(String ref) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/" + ref)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(exit, out.toString(), err.toString());
    }
}
