package io.chartbridge.app.run;

import static io.chartbridge.app.run.PullTestSupport.await;
import static io.chartbridge.app.run.PullTestSupport.pulled;
import static io.chartbridge.app.run.PullTestSupport.records;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.pull.SftpTestServer;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.PulledFiles;
import io.chartbridge.core.project.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code run --watch} against a real SFTP server: the run stays open, takes files as they arrive, never takes a file
 * before it is complete, never reads the same content twice, and rides out a server that goes away.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class SftpWatchIT {

    @Autowired
    MigrationRunner runner;

    @TempDir
    Path dir;

    private SftpTestServer server;
    private Path outgoing;

    @BeforeEach
    void startServer() throws Exception {
        Path root = Files.createDirectories(dir.resolve("server"));
        outgoing = Files.createDirectories(root.resolve("outgoing"));
        server = SftpTestServer.start(root);
        server.knownHosts(dir.resolve("known_hosts"));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private Project project(String rules) throws Exception {
        return SftpPullIT.project(dir, server.url("outgoing"), """
                password: ${SFTP_PASSWORD}
                knownHosts: known_hosts
                pollInterval: 200ms
                """ + rules);
    }

    @Test
    void aSecondFileArrivingLaterIsTakenAndAReUploadOfTheFirstIsSkipped() throws Exception {
        Files.writeString(outgoing.resolve("patients.csv"), TestProjects.FIVE_ROWS);
        Project project = project("quietPeriod: 300ms\n");
        CompletableFuture<RunOutcome> running = PullTestSupport.watch(runner, project);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            await("the first file is read", () -> records(ledger) == 5);

            Files.writeString(outgoing.resolve("more-patients.csv"), PullTestSupport.NEW_PATIENTS);
            await("the second file is read", () -> records(ledger) == 7);

            // The bureau sends the first export again, under another name and under its own name.
            Files.writeString(outgoing.resolve("patients-again.csv"), TestProjects.FIVE_ROWS);
            Files.writeString(outgoing.resolve("patients.csv"), TestProjects.FIVE_ROWS);
            await("both copies are recognised", () -> pulled(ledger, PulledFiles.Outcome.DUPLICATE) == 2);
            assertThat(records(ledger)).isEqualTo(7);
        }
        RunOutcome outcome = PullTestSupport.stop(runner, running, project);

        assertThat(outcome.summary().files()).isEqualTo(2);
        assertThat(outcome.summary().received()).isEqualTo(7);
        assertThat(outcome.summary().items(ItemState.LOADED)).isEqualTo(5);
        assertThat(outcome.summary().items(ItemState.QUARANTINED)).isEqualTo(2);
        assertThat(PullTestSupport.patientLines(dir)).hasSize(5);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(new PulledFiles(ledger).ofRun(outcome.summary().run().id()))
                    .filteredOn(f -> f.outcome() == PulledFiles.Outcome.DUPLICATE)
                    .extracting(PulledFiles.PulledFile::reason)
                    .containsOnly("same content as " + server.url("outgoing") + "/patients.csv (this run)");
        }
    }

    @Test
    void aFileIsNotReadBeforeItsDoneFileIsThere() throws Exception {
        Project project = project("ready: done-file\n");
        CompletableFuture<RunOutcome> running = PullTestSupport.watch(runner, project);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            await("the run has started", () -> !ledger.runs().isEmpty());
            String[] lines = TestProjects.FIVE_ROWS.split("(?<=\n)");
            Files.writeString(outgoing.resolve("patients.csv"), lines[0] + lines[1] + lines[2]);
            Thread.sleep(2_000);
            assertThat(records(ledger)).as("records read from a file without its done file").isZero();

            Files.writeString(outgoing.resolve("patients.csv"), String.join("", java.util.Arrays.copyOfRange(lines, 3,
                    lines.length)), StandardOpenOption.APPEND);
            Files.writeString(outgoing.resolve("patients.csv.done"), "");
            await("the file is read once its done file is there", () -> records(ledger) == 5);
        }
        RunOutcome outcome = PullTestSupport.stop(runner, running, project);
        assertThat(outcome.summary().items(ItemState.LOADED)).isEqualTo(3);
        assertThat(outcome.summary().items(ItemState.QUARANTINED)).isEqualTo(2);
        try (java.util.stream.Stream<Path> left = Files.list(outgoing)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("patients.csv",
                    "patients.csv.done");
        }
    }

    @Test
    void aFileStillGrowingIsReadOnlyOnceItStayedTheSameForTheQuietPeriod() throws Exception {
        Project project = project("quietPeriod: 3s\n");
        CompletableFuture<RunOutcome> running = PullTestSupport.watch(runner, project);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            await("the run has started", () -> !ledger.runs().isEmpty());
            String[] lines = TestProjects.FIVE_ROWS.split("(?<=\n)");
            Path file = outgoing.resolve("patients.csv");
            Files.writeString(file, lines[0] + lines[1]);
            Thread.sleep(300);
            for (int i = 2; i < lines.length; i++) {
                Files.writeString(file, lines[i], StandardOpenOption.APPEND);
                Thread.sleep(300);
            }
            assertThat(records(ledger)).as("records read from a growing file").isZero();
            await("the complete file is read", () -> records(ledger) == 5);
        }
        RunOutcome outcome = PullTestSupport.stop(runner, running, project);
        assertThat(outcome.summary().received()).isEqualTo(5);
        assertThat(outcome.summary().items(ItemState.LOADED)).isEqualTo(3);
    }

    @Test
    void aWatchedRunRidesOutAServerThatGoesAwayAndTakesWhatArrivedMeanwhile() throws Exception {
        Logger pollLog = (Logger) LoggerFactory.getLogger("io.chartbridge.app.pull.PullPolls");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        pollLog.addAppender(lines);
        try {
            Files.writeString(outgoing.resolve("patients.csv"), TestProjects.FIVE_ROWS);
            Project project = project("quietPeriod: 300ms\n");
            CompletableFuture<RunOutcome> running = PullTestSupport.watch(runner, project);
            try (Ledger ledger = Ledger.open(project.ledger())) {
                await("the first file is read", () -> records(ledger) == 5);
                server.stop();
                await("the failed poll is reported", () -> lines.list.stream().anyMatch(e ->
                        e.getFormattedMessage().contains("trying again in")));
                Files.writeString(outgoing.resolve("more-patients.csv"), PullTestSupport.NEW_PATIENTS);
                server.restart();
                await("the file that arrived meanwhile is read", () -> records(ledger) == 7);
                assertThat(running).isNotDone();
            }
            RunOutcome outcome = PullTestSupport.stop(runner, running, project);
            assertThat(outcome.summary().received()).isEqualTo(7);
            assertThat(lines.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .startsWith("SFTP source 'bureau-export' (" + server.url("outgoing") + "): ")
                    .contains("trying again in").doesNotContain("Exception"));
            assertThat(lines.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("reached again after"));
        } finally {
            pollLog.detachAppender(lines);
        }
    }
}
