package io.chartbridge.app.robustness;

import io.chartbridge.app.run.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A ChartBridge command run as users run it: the packaged application jar in a JVM of its own, with the options a
 * test gives (a 512 MB heap that must be enough). What it printed, stdout and stderr together, stays in a file.
 */
public final class ForkedChartBridge {

    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final Path outputDir;

    public ForkedChartBridge(List<String> jvmOptions, Map<String, String> environment, Path outputDir) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.environment = Map.copyOf(environment);
        this.outputDir = outputDir;
    }

    public static Path jar() {
        Path jar = TestProjects.repo().resolve("app/target/chartbridge.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run after `mvn package` (mvn verify)");
        }
        return jar;
    }

    /** Starts {@code chartbridge <args>}; its output goes to {@code <outputDir>/<name>.out}. */
    public Process start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dchartbridge.home=" + TestProjects.repo());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        // A shell starts background jobs with SIGINT ignored, and a JVM leaves an inherited "ignored" as it is (what
        // nohup relies on): under a build started in the background (`./chartbridge test &`) Ctrl-C would never
        // reach the command, where a user at a terminal reaches it. Debian's essential perl resets it, then execs.
        Path perl = Path.of("/usr/bin/perl");
        if (Files.isExecutable(perl)) {
            command.addAll(0, List.of(perl.toString(), "-e",
                    "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";", "--"));
        }
        Path output = outputDir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).directory(outputDir.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** What the command started as {@code name} has printed so far. */
    public String output(String name) throws IOException {
        return new String(Files.readAllBytes(outputDir.resolve(name + ".out")), StandardCharsets.UTF_8);
    }

    /** Runs {@code chartbridge <args>} to its end (or kills it after {@code timeout}). */
    public Result run(Duration timeout, String name, String... args) throws IOException, InterruptedException {
        Process process = start(name, args);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("chartbridge " + String.join(" ", args) + " did not finish within " + timeout
                    + "; its output: " + outputDir.resolve(name + ".out"));
        }
        return new Result(process.exitValue(),
                new String(Files.readAllBytes(outputDir.resolve(name + ".out")), StandardCharsets.UTF_8));
    }

    public record Result(int exit, String output) {
    }
}
