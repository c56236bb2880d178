package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.pull.SftpTestServer;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.PulledFiles;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Pulling a source from a real SFTP server (Apache MINA SSHD on 127.0.0.1, a host key the test trusts): a run that
 * does not watch takes what is there and ends; the server is only read.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class SftpPullIT {

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

    static Project project(Path dir, String location, String pull) throws Exception {
        Path file = dir.resolve("project.yaml");
        Files.writeString(file, """
                name: bureau-test
                sources:
                  - name: bureau-export
                    connector: csv
                    location: %s
                    mapping: %s
                    pull:
                %s
                target:
                  kind: ndjson
                """.formatted(location, TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml"),
                pull.indent(6)));
        return new ProjectLoader(Map.of("SFTP_PASSWORD", SftpTestServer.PASSWORD)::get).load(file);
    }

    private Project project() throws Exception {
        return project(dir, server.url("outgoing"), """
                password: ${SFTP_PASSWORD}
                knownHosts: known_hosts
                quietPeriod: 300ms
                """);
    }

    @Test
    void aCsvExportOnTheServerIsPulledIntoTheRunAndTheServerIsOnlyRead() throws Exception {
        Files.writeString(outgoing.resolve("patients.csv"), TestProjects.FIVE_ROWS);
        Project project = project();

        RunOutcome outcome = runner.run(project);

        assertThat(outcome.completed()).as("%s", outcome.fatalError()).isTrue();
        assertThat(outcome.summary().files()).isEqualTo(1);
        assertThat(outcome.summary().received()).isEqualTo(5);
        assertThat(outcome.summary().items(ItemState.LOADED)).isEqualTo(3);
        assertThat(outcome.summary().items(ItemState.QUARANTINED)).isEqualTo(2);
        assertThat(outcome.problems()).extracting(p -> p.location()).containsExactly("patients.csv:4",
                "patients.csv:5");
        assertThat(Files.readAllLines(dir.resolve("out/Patient.ndjson"))).hasSize(3);
        String origin = server.url("outgoing") + "/patients.csv";
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(ledger.query("select location from source_item where kind = ?", rs -> rs.getString(1),
                    ItemKind.FILE.name())).containsExactly(origin);
            assertThat(new PulledFiles(ledger).ofRun(outcome.summary().run().id())).singleElement()
                    .satisfies(f -> {
                        assertThat(f.outcome()).isEqualTo(PulledFiles.Outcome.READ);
                        assertThat(f.origin()).isEqualTo(origin);
                    });
        }
        try (Stream<Path> staged = Files.walk(dir.resolve(".chartbridge/staging/bureau-export"))) {
            assertThat(staged.filter(Files::isRegularFile).toList()).singleElement().satisfies(p -> {
                assertThat(p.getFileName().toString()).isEqualTo("patients.csv");
                assertThat(Files.readString(p)).isEqualTo(TestProjects.FIVE_ROWS);
            });
        }
        try (Stream<Path> left = Files.list(outgoing)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("patients.csv");
        }
        assertThat(Files.readString(outgoing.resolve("patients.csv"))).isEqualTo(TestProjects.FIVE_ROWS);
    }

    @Test
    void aSecondRunSkipsTheFileItTookBeforeEvenRenamedAndTakesANewVersion() throws Exception {
        Files.writeString(outgoing.resolve("patients.csv"), TestProjects.FIVE_ROWS);
        Project project = project();
        long first = runner.run(project).summary().run().id();

        Files.move(outgoing.resolve("patients.csv"), outgoing.resolve("patients-resent.csv"));
        RunOutcome again = runner.run(project);

        assertThat(again.summary().received()).isZero();
        try (Ledger ledger = Ledger.open(project.ledger())) {
            List<PulledFiles.PulledFile> pulled = new PulledFiles(ledger).ofRun(again.summary().run().id());
            assertThat(pulled).singleElement().satisfies(f -> {
                assertThat(f.outcome()).isEqualTo(PulledFiles.Outcome.DUPLICATE);
                assertThat(f.reason()).isEqualTo("same content as " + server.url("outgoing")
                        + "/patients.csv (run " + first + ")");
            });
        }

        Files.writeString(outgoing.resolve("patients-resent.csv"),
                TestProjects.FIVE_ROWS.replace("Testa,Ada", "Testa-Smith,Ada"));
        RunOutcome changed = runner.run(project);
        assertThat(changed.summary().received()).isEqualTo(5);
        assertThat(changed.summary().resources("UPDATED")).isEqualTo(1);
        assertThat(changed.summary().resources("UNCHANGED")).isEqualTo(2);
    }

    @Test
    void aFileReplacedWhileBeingCopiedIsNeverReadHalfAndHalfButTakenAgainWhole() throws Exception {
        server.close();
        AtomicBoolean replaced = new AtomicBoolean();
        // The bureau's export job rewrites the file just as the first copy starts reading it.
        server = SftpTestServer.start(dir.resolve("server"), new SftpEventListener() {
            @Override
            public void reading(ServerSession session, String remoteHandle, FileHandle handle, long offset,
                                byte[] data, int dataOffset, int dataLen) throws java.io.IOException {
                if (handle.getFile().getFileName().toString().equals("patients.csv") && replaced.compareAndSet(false,
                        true)) {
                    Files.writeString(handle.getFile(), PullTestSupport.NEW_PATIENTS,
                            StandardOpenOption.TRUNCATE_EXISTING);
                }
            }
        });
        server.knownHosts(dir.resolve("known_hosts"));
        Path file = outgoing.resolve("patients.csv");
        Files.writeString(file, TestProjects.FIVE_ROWS);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(outgoing.resolve("patients.csv.done"), "");
        Project project = project(dir, server.url("outgoing"), """
                password: ${SFTP_PASSWORD}
                knownHosts: known_hosts
                ready: done-file
                """);

        RunOutcome outcome = runner.run(project);

        assertThat(replaced).isTrue();
        assertThat(outcome.summary().received()).as("only the new export's rows").isEqualTo(2);
        assertThat(PullTestSupport.patientLines(dir)).hasSize(2).allSatisfy(line ->
                assertThat(line).containsAnyOf("Testf", "Testg"));
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(new PulledFiles(ledger).ofRun(outcome.summary().run().id()))
                    .extracting(PulledFiles.PulledFile::outcome)
                    .containsExactly(PulledFiles.Outcome.CHANGED, PulledFiles.Outcome.READ);
        }
        try (Stream<Path> staged = Files.walk(dir.resolve(".chartbridge/staging/bureau-export"))) {
            assertThat(staged.filter(Files::isRegularFile)).singleElement().satisfies(p ->
                    assertThat(Files.readString(p)).isEqualTo(PullTestSupport.NEW_PATIENTS));
        }
    }

    @Test
    void aFileWithoutItsDoneFileIsLeftForTheNextRunWithALineAndReadThenOnce() throws Exception {
        Logger runPulls = (Logger) LoggerFactory.getLogger(RunPulls.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        runPulls.addAppender(lines);
        try {
            // Still being uploaded: its done file comes last.
            String[] rows = TestProjects.FIVE_ROWS.split("(?<=\n)");
            Files.writeString(outgoing.resolve("patients.csv"), rows[0] + rows[1] + rows[2]);
            Files.writeString(outgoing.resolve("more-patients.csv"), PullTestSupport.NEW_PATIENTS);
            Files.writeString(outgoing.resolve("more-patients.csv.done"), "");
            Project project = project(dir, server.url("outgoing"), """
                    password: ${SFTP_PASSWORD}
                    knownHosts: known_hosts
                    ready: done-file
                    """);

            RunOutcome first = runner.run(project);

            assertThat(first.completed()).as("%s", first.fatalError()).isTrue();
            assertThat(first.summary().received()).as("only the file whose done file is there").isEqualTo(2);
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).contains("SFTP source"
                    + " 'bureau-export' (" + server.url("outgoing") + "): 1 file(s) not ready yet (no done file),"
                    + " left for the next run: patients.csv");

            Files.writeString(outgoing.resolve("patients.csv"), String.join("", java.util.Arrays.copyOfRange(rows, 3,
                    rows.length)), StandardOpenOption.APPEND);
            Files.writeString(outgoing.resolve("patients.csv.done"), "");
            RunOutcome second = runner.run(project);

            assertThat(second.summary().received()).as("the whole file, and nothing read before").isEqualTo(5);
            try (Ledger ledger = Ledger.open(project.ledger())) {
                assertThat(new PulledFiles(ledger).ofRun(second.summary().run().id()))
                        .extracting(f -> f.origin().substring(f.origin().lastIndexOf('/') + 1), f -> f.outcome())
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("more-patients.csv",
                                        PulledFiles.Outcome.DUPLICATE),
                                org.assertj.core.groups.Tuple.tuple("patients.csv", PulledFiles.Outcome.READ));
            }
        } finally {
            runPulls.detachAppender(lines);
        }
    }

    @Test
    void aServerWhoseHostKeyIsNotKnownIsNotTrustedAndTheLineSaysHowToTrustIt() throws Exception {
        Files.writeString(outgoing.resolve("patients.csv"), TestProjects.FIVE_ROWS);
        Files.writeString(dir.resolve("known_hosts"), "");
        Project project = project();

        assertThatThrownBy(() -> runner.run(project)).isInstanceOf(FatalSetupException.class)
                .hasMessage("SFTP source 'bureau-export' (" + server.url("outgoing") + "): the server's host key is"
                        + " not in " + dir.resolve("known_hosts") + " and pull.hostKey is not set; get the key"
                        + " (ssh-keyscan -p " + server.port() + " 127.0.0.1), check its fingerprint (ssh-keygen -lf)"
                        + " with the server's owner, then add it to that file or give it as pull.hostKey");
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(ledger.runs()).as("no run starts").isEmpty();
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aServerShowingAnotherHostKeyThanTheKnownOneIsRefused() throws Exception {
        try (SftpTestServer impostor = SftpTestServer.start(Files.createDirectories(dir.resolve("other")))) {
            Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + server.port() + " "
                    + impostor.hostKey() + "\n");
        }
        Project project = project();

        assertThatThrownBy(() -> runner.run(project)).isInstanceOf(FatalSetupException.class)
                .hasMessageContaining("the server's host key is not the one in " + dir.resolve("known_hosts"))
                .hasMessageContaining("impostor");
    }

    @Test
    void aKeyLoginWithTheHostKeyGivenInTheProjectNeedsNoKnownHostsFile() throws Exception {
        Files.writeString(outgoing.resolve("patients.csv"), TestProjects.FIVE_ROWS);
        server.clientKey(dir.resolve("id_ecdsa"));
        Project project = project(dir, server.url("outgoing"), """
                privateKey: id_ecdsa
                hostKey: "%s"
                knownHosts: no-such-file
                quietPeriod: 300ms
                """.formatted(server.hostKey()));

        RunOutcome outcome = runner.run(project);

        assertThat(outcome.completed()).as("%s", outcome.fatalError()).isTrue();
        assertThat(outcome.summary().received()).isEqualTo(5);
    }
}
