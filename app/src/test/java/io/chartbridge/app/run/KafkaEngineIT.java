package io.chartbridge.app.run;

import static io.chartbridge.app.run.KafkaEngineServers.ledger;
import static io.chartbridge.app.run.KafkaEngineServers.pastReceived;
import static io.chartbridge.app.run.KafkaEngineServers.projectName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.ChartBridge;
import io.chartbridge.core.ledger.Ledger;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka engine against a real broker and a real PostgreSQL ledger (docs/adr/019), with workers as the separate
 * processes users run ({@code chartbridge worker}, from the application jar) and the coordinator's {@code run}.
 */
class KafkaEngineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<KafkaWorkerProcess> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(w -> w.process().destroyForcibly());
    }

    @Test
    void theDemoExportOnKafkaGivesTheCountsAndResourcesOfOneProcess() throws Exception {
        Path csv = TestProjects.repo().resolve("test-fixtures/csv/legacy-emr/patients.csv");
        Path local = project(dir.resolve("local"), csv, false, true);
        Path kafka = project(dir.resolve("kafka"), csv, true, true);

        String localSummary = run(local);
        startWorker(kafka).awaitReady();
        String kafkaSummary = run(kafka);

        assertThat(counts(kafkaSummary)).isEqualTo(counts(localSummary)).contains("received 25", "quarantined 3");
        assertThat(resources(kafka.resolveSibling("out"))).isNotEmpty()
                .isEqualTo(resources(local.resolveSibling("out")));
    }

    @Test
    void everyKindOfSourceCrossesTheBrokerAndGivesTheResourcesOfOneProcess() throws Exception {
        Path repo = TestProjects.repo();
        String sources = """
                sources:
                  - name: lab-feed-adt
                    connector: hl7v2
                    location: %1$s/test-fixtures/hl7v2/adt-a01-cr.hl7
                    mapping: %1$s/mappings/hl7v2/hl7v2-adt.yaml
                  - name: lab-feed-oru
                    connector: hl7v2
                    location: %1$s/test-fixtures/hl7v2/oru-value-types.hl7
                    mapping: %1$s/mappings/hl7v2/hl7v2-oru.yaml
                  - name: hie-documents
                    connector: ccda
                    location: %1$s/test-fixtures/ccda/hl7-ccda/CCD-1__CCD.xml
                    mapping: %1$s/mappings/ccda/hl7-ccda-document.yaml
                  - name: portal-patients
                    connector: json
                    location: %1$s/test-fixtures/json-xml/patients.json
                    mapping: %1$s/mappings/json-xml/legacy-portal-json-patients.yaml
                  - name: practice-patients
                    connector: xml
                    location: %1$s/test-fixtures/json-xml/patients.xml
                    mapping: %1$s/mappings/json-xml/legacy-practice-xml-patients.yaml
                """.formatted(repo);
        Path local = project(dir.resolve("local"), sources, false, false);
        Path kafka = project(dir.resolve("kafka"), sources, true, false);

        String localSummary = run(local);
        startWorker(kafka).awaitReady();
        String kafkaSummary = run(kafka);

        assertThat(counts(kafkaSummary)).isEqualTo(counts(localSummary));
        assertThat(counts(localSummary)).as("records of every source were loaded").anyMatch(l -> l.matches(
                "loaded [1-9]\\d*"));
        Map<String, String> expected = resources(local.resolveSibling("out"));
        assertThat(expected.keySet()).as("resources of each kind of source").anyMatch(k -> k.startsWith("Observation"))
                .anyMatch(k -> k.startsWith("Patient")).anyMatch(k -> k.startsWith("Condition")
                        || k.startsWith("AllergyIntolerance") || k.startsWith("MedicationStatement"));
        assertThat(resources(kafka.resolveSibling("out"))).isEqualTo(expected);
    }

    @Test
    void aWorkerKilledMidRunLosesNothingAndDuplicatesNothing() throws Exception {
        int rows = 600;
        Path csv = dir.resolve("patients.csv");
        Files.writeString(csv, distinctPatients(rows));
        Path kafka = project(dir.resolve("kafka"), csv, true, false);
        KafkaWorkerProcess first = startWorker(kafka);
        KafkaWorkerProcess second = startWorker(kafka);
        first.awaitReady();
        second.awaitReady();

        // Small chunks: many messages in flight, so the killed worker holds some it has not committed.
        System.setProperty("chartbridge.extract.chunk-size", "10");
        CompletableFuture<String> run;
        try {
            run = CompletableFuture.supplyAsync(() -> run(kafka));
            try (Ledger ledger = ledger()) {
                long deadline = System.currentTimeMillis() + 600_000;
                while (pastReceived(ledger, kafka) < 60 && System.currentTimeMillis() < deadline && !run.isDone()) {
                    Thread.sleep(100);
                }
                assertThat(pastReceived(ledger, kafka)).as("records mapped before the kill").isBetween(60L, rows - 1L);
                first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

                String summary = run.get(15, TimeUnit.MINUTES);

                assertThat(counts(summary)).contains("received " + rows, "loaded " + rows, "quarantined 0",
                        "failed 0");
                long runId = ledger.query("select max(id) from run where project = ?", rs -> rs.getLong(1),
                        projectName(kafka)).get(0);
                assertThat(ledger.query("select count(*) from item_transition t join source_item i on i.id ="
                        + " t.item_id where i.run_id = ? and t.state = 'MAPPED'", rs -> rs.getLong(1), runId))
                        .as("one MAPPED transition per record: nothing mapped twice").containsExactly((long) rows);
                assertThat(ledger.query("select count(*) from source_item where run_id = ? and kind <> 'FILE' and"
                        + " state = 'LOADED'", rs -> rs.getLong(1), runId)).containsExactly((long) rows);
            }
        } finally {
            System.clearProperty("chartbridge.extract.chunk-size");
        }
        List<String> ids = Files.readAllLines(kafka.resolveSibling("out").resolve("Patient.ndjson")).stream()
                .map(l -> read(l).path("id").asText()).toList();
        assertThat(ids).hasSize(rows).doesNotHaveDuplicates();
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    /** Rows of distinct synthetic people (no two alike, so matching has nothing to decide). */
    static String distinctPatients(int n) {
        StringBuilder csv = new StringBuilder(TestProjects.HEADER);
        for (int i = 0; i < n; i++) {
            String name = Integer.toString(i + 26 * 26, 26).chars()
                    .mapToObj(c -> String.valueOf((char) ('a' + Character.digit(c, 26)))).reduce("", String::concat);
            csv.append("%06d,123-45-%04d,Test%s,Ada,,19%02d-0%d-1%d,%s,%d Main St,,Springfield,IL,62701,,\n"
                    .formatted(800_000 + i, i, name, 30 + i % 60, 1 + i % 9, i % 10, i % 2 == 0 ? "F" : "M", i));
        }
        return csv.toString();
    }

    private Path project(Path folder, Path csv, boolean kafka, boolean matching) throws IOException {
        return project(folder, """
                sources:
                  - name: legacy-emr-patients
                    connector: csv
                    location: %s
                    mapping: %s
                """.formatted(csv, TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml")), kafka,
                matching);
    }

    private Path project(Path folder, String sources, boolean kafka, boolean matching) throws IOException {
        Files.createDirectories(folder);
        Map<String, String> s = KafkaEngineServers.settings();
        String name = "kafka-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path project = folder.resolve("project.yaml");
        Files.writeString(project, """
                name: %s
                %s
                target:
                  kind: ndjson
                  location: out
                ledger:
                  url: %s
                  username: %s
                  password: %s
                matching:
                  enabled: %s
                # One secret for both projects of a comparison: resource ids follow it (ADR 003).
                ids:
                  secret: kafka-engine-it-not-a-real-secret-0123456789
                engine:
                  kind: %s
                  bootstrapServers: %s
                  topicPrefix: %s
                  partitions: 4
                """.formatted(name, sources.strip(),
                s.get("pg.url"), s.get("pg.user"), s.get("pg.password"), matching, kafka ? "kafka" : "local",
                s.get("kafka.bootstrap"), name));
        return project;
    }

    /** Runs the coordinator in this JVM, as {@code chartbridge run} does; returns what it printed. */
    static String run(Path project) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run",
                project.toString());
        assertThat(exit).as("run exit; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        return out.toString();
    }

    /** The summary's count lines, e.g. "loaded 25", whitespace collapsed. */
    static List<String> counts(String summary) {
        return summary.lines().map(String::strip)
                .filter(l -> l.matches("(received|loaded|quarantined|needs review|failed)\\s+\\d+.*"))
                .map(l -> l.replaceAll("\\s+", " ").replaceAll("^(\\D+ \\d+).*", "$1")).toList();
    }

    /** Every resource the target got, by type file and id, without meta (which names the run). */
    private static Map<String, String> resources(Path out) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    ObjectNode r = read(line);
                    r.remove("meta");
                    all.put(f.getFileName() + "/" + r.path("id").asText(), r.toString());
                }
            }
        }
        return all;
    }

    private static ObjectNode read(String line) {
        try {
            return (ObjectNode) JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- workers as separate processes --------------------------------------------------------------------------

    private KafkaWorkerProcess startWorker(Path project) throws IOException {
        KafkaWorkerProcess w = KafkaWorkerProcess.start(project, dir);
        workers.add(w);
        return w;
    }
}
