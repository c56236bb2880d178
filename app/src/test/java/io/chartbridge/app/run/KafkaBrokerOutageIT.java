package io.chartbridge.app.run;

import static io.chartbridge.app.run.KafkaEngineServers.ledger;
import static io.chartbridge.app.run.KafkaEngineServers.pastReceived;
import static io.chartbridge.app.run.KafkaEngineServers.projectName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.ChartBridge;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.ledger.RunPause;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker lost in the middle of a run (issue 22, "Bad input"): the real broker is stopped and started again
 * on its own data while a coordinator and a worker (a separate JVM) are mid-run. The run must pause under the target
 * outage budget, show the pause in the ledger, and end with every record loaded once.
 */
class KafkaBrokerOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 400;
    /** How long the broker stays away: longer than one send's own timeout (20 s), so sends fail and are retried. */
    private static final Duration OUTAGE = Duration.ofSeconds(35);

    @TempDir
    Path dir;

    private Path brokerDir;
    private KafkaWorkerProcess worker;

    @BeforeEach
    void ownBroker() {
        // A broker of this test's own: stopping the shared one would pull it from under the other tests.
        brokerDir = Path.of("/tmp", "chartbridge-broker-outage-" + UUID.randomUUID());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (worker != null) {
            worker.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        kafka("stop");
    }

    @Test
    void aBrokerLostMidRunPausesTheRunWhichThenLoadsEveryRecordOnce() throws Exception {
        String bootstrap = kafka("start").get("CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP");
        Path csv = dir.resolve("patients.csv");
        Files.writeString(csv, KafkaEngineIT.distinctPatients(ROWS));
        Path project = project(dir.resolve("kafka"), csv, bootstrap, "10m");
        worker = KafkaWorkerProcess.start(project, dir);
        worker.awaitReady();

        System.setProperty("chartbridge.extract.chunk-size", "10");
        try (Ledger ledger = ledger()) {
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> KafkaEngineIT.run(project));
            long deadline = System.currentTimeMillis() + 600_000;
            while (pastReceived(ledger, project) < 40 && System.currentTimeMillis() < deadline && !run.isDone()) {
                Thread.sleep(100);
            }
            assertThat(pastReceived(ledger, project)).as("records mapped before the broker is lost")
                    .isBetween(40L, ROWS - 1L);

            kafka("halt");
            long haltedAt = System.currentTimeMillis();
            String waiting = null;
            // Sends give up after 20 s, then the error handler and the probe report it; slower on a loaded machine.
            while (waiting == null && System.currentTimeMillis() - haltedAt < 300_000) {
                waiting = ledger.query("select waiting_reason from run where project = ? and status = 'RUNNING'",
                        rs -> rs.getString(1), projectName(project)).stream().filter(r -> r != null).findFirst()
                        .orElse(null);
                Thread.sleep(250);
            }
            assertThat(waiting).as("the ledger shows the run waiting for the broker").startsWith("Kafka broker: ");
            long left = OUTAGE.toMillis() - (System.currentTimeMillis() - haltedAt);
            if (left > 0) {
                Thread.sleep(left);
            }
            assertThat(run).as("the run pauses, it does not end, while the broker is away").isNotDone();
            assertThat(failed(ledger, project)).as("no record failed for the outage").isZero();

            kafka("resume");
            String summary = run.get(15, TimeUnit.MINUTES);

            assertThat(KafkaEngineIT.counts(summary)).contains("received " + ROWS, "loaded " + ROWS,
                    "quarantined 0", "failed 0");
            long runId = ledger.query("select max(id) from run where project = ?", rs -> rs.getLong(1),
                    projectName(project)).get(0);
            assertThat(ledger.query("select count(*) from item_transition t join source_item i on i.id ="
                    + " t.item_id where i.run_id = ? and t.state = 'MAPPED'", rs -> rs.getLong(1), runId))
                    .as("one MAPPED transition per record: nothing mapped twice").containsExactly((long) ROWS);
            List<RunPause> pauses = ledger.pauses(runId);
            assertThat(pauses).as("the pause is in the run's history").isNotEmpty()
                    .allSatisfy(p -> assertThat(p.waitedFor()).isEqualTo("kafka-broker"));
            assertThat(pauses.stream().map(RunPause::length).reduce(Duration.ZERO, Duration::plus))
                    .as("paused for about as long as the broker was away").isGreaterThan(OUTAGE.dividedBy(2));
            assertThat(ledger.run(runId).orElseThrow().waiting()).as("no longer waiting").isNull();
        } finally {
            System.clearProperty("chartbridge.extract.chunk-size");
        }
        List<String> ids = Files.readAllLines(project.resolveSibling("out").resolve("Patient.ndjson")).stream()
                .map(KafkaBrokerOutageIT::id).toList();
        assertThat(ids).as("every patient loaded once").hasSize(ROWS).doesNotHaveDuplicates();
    }

    @Test
    void aBrokerAwayLongerThanTheBudgetEndsTheRunInterruptedWithNoRecordFailed() throws Exception {
        String bootstrap = kafka("start").get("CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP");
        Path csv = dir.resolve("patients.csv");
        Files.writeString(csv, KafkaEngineIT.distinctPatients(ROWS));
        Path project = project(dir.resolve("kafka"), csv, bootstrap, "15s");
        worker = KafkaWorkerProcess.start(project, dir);
        worker.awaitReady();

        System.setProperty("chartbridge.extract.chunk-size", "10");
        try (Ledger ledger = ledger()) {
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> ChartBridge.execute(
                    new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "run", project.toString()));
            long deadline = System.currentTimeMillis() + 600_000;
            while (pastReceived(ledger, project) < 40 && System.currentTimeMillis() < deadline && !run.isDone()) {
                Thread.sleep(100);
            }
            kafka("halt");

            assertThat(run.get(10, TimeUnit.MINUTES)).as("exit: interrupted, run again to resume; output:%n%s", out)
                    .isEqualTo(ChartBridge.EXIT_RUN_INTERRUPTED);
            long runId = ledger.query("select max(id) from run where project = ?", rs -> rs.getLong(1),
                    projectName(project)).get(0);
            RunInfo info = ledger.run(runId).orElseThrow();
            assertThat(info.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(info.message()).contains("Kafka broker", "target.retry.maxWait (15 s)");
            assertThat(failed(ledger, project)).as("no record failed for the outage").isZero();
            assertThat(ledger.pauses(runId)).as("the pause is in the run's history").singleElement()
                    .satisfies(p -> assertThat(p.length()).isGreaterThanOrEqualTo(Duration.ofSeconds(15)));
        } finally {
            System.clearProperty("chartbridge.extract.chunk-size");
        }
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    private static String id(String ndjsonLine) {
        try {
            return JSON.readTree(ndjsonLine).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> kafka(String command) throws IOException, InterruptedException {
        Path script = TestProjects.repo().resolve("scripts/kafka.sh");
        Process p = new ProcessBuilder(script.toString(), command, brokerDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("kafka.sh " + command).isZero();
        return out.lines().filter(l -> l.contains("=")).collect(java.util.stream.Collectors.toMap(
                l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    private static Path project(Path folder, Path csv, String bootstrap, String maxWait) throws IOException {
        Files.createDirectories(folder);
        Map<String, String> s = KafkaEngineServers.settings();
        String name = "kafka-outage-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path project = folder.resolve("project.yaml");
        Files.writeString(project, """
                name: %s
                sources:
                  - name: legacy-emr-patients
                    connector: csv
                    location: %s
                    mapping: %s
                target:
                  kind: ndjson
                  location: out
                  retry:
                    maxWait: %s
                ledger:
                  url: %s
                  username: %s
                  password: %s
                matching:
                  enabled: false
                ids:
                  secret: kafka-outage-it-not-a-real-secret-0123456789
                engine:
                  kind: kafka
                  bootstrapServers: %s
                  topicPrefix: %s
                  partitions: 4
                """.formatted(name, csv, TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml"), maxWait,
                s.get("pg.url"), s.get("pg.user"), s.get("pg.password"), bootstrap, name));
        return project;
    }

    private static long failed(Ledger ledger, Path project) throws IOException {
        return ledger.query("select count(*) from source_item i join run r on r.id = i.run_id where r.project = ?"
                + " and i.state = 'FAILED'", rs -> rs.getLong(1), projectName(project)).get(0);
    }
}
