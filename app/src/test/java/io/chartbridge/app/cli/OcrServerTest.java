package io.chartbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.FatalSetupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocr --serve} and the launcher's client for it (the function {@code ocr_through_server} taken from the
 * launcher itself), with a stand-in for the OCR call: what a user sees is the call's own output and exit code, and a
 * server that cannot take the call leaves it to the launcher (exit 99 of the function), never half-done.
 */
class OcrServerTest {

    @TempDir
    Path home;

    @TempDir
    Path workDir;

    private OcrServer server;
    private CompletableFuture<String> serving;
    private final List<String> seenCwd = new ArrayList<>();

    private void start(Path jar) throws IOException {
        server = OcrServer.start(home, jar, (args, cwd, out, err) -> {
            seenCwd.add(cwd.toString());
            out.println("page of " + String.join(" ", args) + " – Müller");
            out.println();
            err.println("ocr: a warning");
            return args.contains("bad.tif") ? 1 : 0;
        });
        serving = CompletableFuture.supplyAsync(server::serve);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void callThroughTheServerPrintsTheCallsOutputAndExitCodeAndRunsInTheCallersDirectory() throws Exception {
        start(null);

        CommandHelpTest.Result r = client(List.of("--template", "my form.yaml", "bad.tif"));

        assertThat(r.out()).isEqualTo("page of --template my form.yaml bad.tif – Müller\n\n");
        assertThat(r.err()).isEqualTo("ocr: a warning\n");
        assertThat(r.code()).isEqualTo(1);
        assertThat(seenCwd).containsExactly(workDir.toRealPath().toString());
    }

    @Test
    void thePublishedFileIsTheOwnersOnlyAndGoesWithTheServer() throws Exception {
        start(null);
        Path info = OcrServer.infoFile(home);

        assertThat(Files.getPosixFilePermissions(info)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readAllLines(info)).containsExactly(String.valueOf(server.port()), server.token(),
                String.valueOf(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> OcrServer.start(home, null, (a, c, o, e) -> 0))
                .isInstanceOf(FatalSetupException.class).hasMessageContaining("already running");

        server.close();

        assertThat(info).doesNotExist();
        assertThat(client(List.of("scan.png")).code()).isEqualTo(99);
    }

    @Test
    void withoutAServerOrWithAStaleFileTheLauncherReadsThePagesItself() throws Exception {
        assertThat(client(List.of("scan.png"))).isEqualTo(new CommandHelpTest.Result(99, "", ""));

        Files.createDirectories(home.resolve(".chartbridge"));
        Files.writeString(OcrServer.infoFile(home), "1\nsometoken\n999999\n");
        assertThat(client(List.of("scan.png"))).isEqualTo(new CommandHelpTest.Result(99, "", ""));
    }

    @Test
    void aCallWithTheWrongTokenIsRefusedAndRunsNothing() throws Exception {
        start(null);
        Path info = OcrServer.infoFile(home);
        Files.writeString(info, server.port() + "\nnot-the-token\n1\n");

        assertThat(client(List.of("scan.png"))).isEqualTo(new CommandHelpTest.Result(99, "", ""));
        assertThat(seenCwd).isEmpty();
    }

    @Test
    void aServerOfAnOlderBuildStopsAtItsNextCallAndTheCallIsReadWithoutIt() throws Exception {
        Path jar = Files.writeString(home.resolve("chartbridge.jar"), "build 1");
        start(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));

        CommandHelpTest.Result r = client(List.of("scan.png"));

        assertThat(r.code()).isEqualTo(99);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("chartbridge: the OCR server runs an older build of ChartBridge");
        assertThat(serving.get(10, TimeUnit.SECONDS)).contains("rebuilt");
        assertThat(OcrServer.infoFile(home)).doesNotExist();
        assertThat(seenCwd).isEmpty();
    }

    /** Runs the launcher's own client function in {@code workDir} against the server of {@code home}. */
    private CommandHelpTest.Result client(List<String> args) throws Exception {
        String script = "set -euo pipefail\n"
                + "eval \"$(sed -n '/^ocr_through_server() {/,/^}/p' \"$LAUNCHER\")\"\n"
                + "rc=0; ocr_through_server \"$@\" || rc=$?; exit $rc\n";
        List<String> command = new ArrayList<>(List.of("bash", "-c", script, "client"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("LAUNCHER", TestProjects.repo().resolve("chartbridge").toString());
        pb.environment().put("OCR_SERVER_INFO", OcrServer.infoFile(home).toString());
        pb.environment().remove("CHARTBRIDGE_OCR_SERVER");
        Path out = workDir.resolve(".out");
        Path err = workDir.resolve(".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        CommandHelpTest.Result r = new CommandHelpTest.Result(p.exitValue(), Files.readString(out),
                Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
