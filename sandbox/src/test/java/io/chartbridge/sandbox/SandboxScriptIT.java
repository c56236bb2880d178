package io.chartbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/sandbox.sh} as a user meets it: one-line messages and exit codes for the everyday cases and the
 * awkward ones (stale PID file, port taken, a server that cannot start), and no process left behind.
 */
class SandboxScriptIT {

    @TempDir
    Path dir;

    private final int port = SandboxProcess.freePort();

    @AfterEach
    void killAnythingStillRunning() throws IOException {
        Path pidFile = dir.resolve("sandbox.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void startWithAStalePidFileRemovesItAndStatusSeedStopBehaveAndNoProcessIsLeftBehind() throws Exception {
        Files.writeString(dir.resolve("sandbox.pid"), deadPid() + "\n");

        Result start = run("start");
        assertThat(start.exit).as(start.output).isZero();
        assertThat(start.output).contains("removed stale PID file")
                .contains("running at http://127.0.0.1:" + port + "/fhir");
        long pid = Long.parseLong(Files.readString(dir.resolve("sandbox.pid")).trim());
        assertThat(ProcessHandle.of(pid)).isPresent();

        Result again = run("start");
        assertThat(again.exit).isZero();
        assertThat(again.output).contains("already running at http://127.0.0.1:" + port + "/fhir");

        Result status = run("status");
        assertThat(status.exit).isZero();
        assertThat(status.output).contains("running at http://127.0.0.1:" + port + "/fhir (pid " + pid + ")");

        Result seed = run("seed");
        assertThat(seed.exit).as(seed.output).isZero();
        assertThat(seed.output).contains("seeded 12 entries");

        Result stop = run("stop");
        assertThat(stop.exit).isZero();
        assertThat(stop.output).contains("stopped (pid " + pid + ")");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isEmpty();
        assertThat(dir.resolve("sandbox.pid")).doesNotExist();

        Result stopped = run("status");
        assertThat(stopped.exit).isEqualTo(3);
        assertThat(stopped.output).contains("stopped");
    }

    @Test
    void statusNoticesAServerThatDiedAndRemovesItsPidFile() throws Exception {
        Files.writeString(dir.resolve("sandbox.pid"), deadPid() + "\n");

        Result status = run("status");

        assertThat(status.exit).isEqualTo(3);
        assertThat(status.output).contains("died without being stopped");
        assertThat(dir.resolve("sandbox.pid")).doesNotExist();
    }

    @Test
    void startOnAnOccupiedPortSaysSoInOneLineAndStartsNothing() throws Exception {
        try (ServerSocket occupant = new ServerSocket(port, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            Result start = run("start");

            assertThat(start.exit).isEqualTo(1);
            assertThat(start.output.strip())
                    .isEqualTo("sandbox: port " + port + " on 127.0.0.1 is in use by another process; "
                            + "stop it or choose another port (SANDBOX_PORT=...)");
            assertThat(dir.resolve("sandbox.pid")).doesNotExist();
            assertThat(occupant.isClosed()).as("the other process keeps its port").isFalse();
        }
    }

    @Test
    void aServerThatCannotStartShowsTheEndOfItsLogAndExitsNonZero() throws Exception {
        // A heap too small for any JVM: the server process exits at once, as a broken one would.
        Result start = run(Map.of("SANDBOX_JAVA_OPTS", "-Xmx1k"), "start");

        assertThat(start.exit).isEqualTo(1);
        assertThat(start.output).contains("the server exited during start-up")
                .contains("last lines of " + dir.resolve("sandbox.log"))
                .containsIgnoringCase("heap");
        assertThat(dir.resolve("sandbox.pid")).doesNotExist();
    }

    @Test
    void anUnknownCommandPrintsUsageAndExitsTwo() throws Exception {
        Result result = run("restart-everything");

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output).contains("usage: chartbridge sandbox start|stop|status|seed");
    }

    @Test
    void anUnknownAuthIsRefusedBeforeAnythingStarts() throws Exception {
        Result result = run("start", "--auth", "oauth1");

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output.strip()).isEqualTo("sandbox: --auth (SANDBOX_AUTH) must be none or smart, not 'oauth1'");
        assertThat(dir.resolve("sandbox.pid")).doesNotExist();
    }

    private Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    private Result run(Map<String, String> extraEnv, String... args) throws Exception {
        Path repo = SandboxServerIT.repoRoot();
        List<String> command = new java.util.ArrayList<>(List.of("bash", repo.resolve("scripts/sandbox.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CHARTBRIDGE_HOME", repo.toString());
        builder.environment().put("SANDBOX_PORT", String.valueOf(port));
        builder.environment().put("SANDBOX_DIR", dir.toString());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        // The script starts the server with its output in the log, so this stream ends when the script does.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(400, TimeUnit.SECONDS)).as("script finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    /** A PID no process has: one that just exited. */
    private static long deadPid() throws Exception {
        Process shortLived = new ProcessBuilder("true").start();
        shortLived.waitFor();
        return shortLived.pid();
    }

    private record Result(int exit, String output) {
    }
}
