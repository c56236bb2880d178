package io.chartbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.run.TestProjects;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every command answers {@code --help} (and {@code -h}) with its usage, options and examples, exit 0: the Java
 * commands through picocli, and demo, sandbox and test through the launcher, which also lists every command.
 */
class CommandHelpTest {

    /** The commands the launcher runs itself rather than through the Java entry point. */
    private static final Set<String> SHELL_COMMANDS = Set.of("demo", "sandbox", "test");

    static List<String> javaCommands() {
        return new ArrayList<>(ChartBridge.commandLine().getSubcommands().keySet());
    }

    @ParameterizedTest
    @MethodSource("javaCommands")
    void everyJavaCommandAnswersHelpWithUsageAndExamples(String command) {
        for (String option : List.of("--help", "-h")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), command, option);

            assertThat(code).as("%s %s", command, option).isZero();
            assertThat(out.toString()).as("%s %s", command, option)
                    .startsWith("Usage: chartbridge " + command).contains("Examples:", "./chartbridge " + command)
                    .doesNotContain("Unknown option");
            assertThat(err.toString()).isEmpty();
        }
    }

    @Test
    void theJavaCommandsAreTheOnesTheIssueNamedAtLeast() {
        assertThat(javaCommands()).contains("run", "map", "ocr", "link", "status", "report", "console");
    }

    @ParameterizedTest
    @MethodSource("shellCommands")
    void everyShellCommandAnswersHelpThroughTheLauncherWithoutStartingAnything(String command) throws Exception {
        for (List<String> args : List.of(List.of(command, "--help"), List.of(command, "-h"), List.of("help", command))) {
            Result r = launcher(args);

            assertThat(r.code()).as("%s", args).isZero();
            assertThat(r.out()).as("%s", args).startsWith("Usage: ./chartbridge " + command)
                    .contains("Examples:", "./chartbridge " + command);
            assertThat(r.err()).as("%s", args).isEmpty();
        }
    }

    static List<String> shellCommands() {
        return List.copyOf(new TreeSet<>(SHELL_COMMANDS));
    }

    @Test
    void theLauncherListsAndDispatchesEveryCommand() throws Exception {
        Result help = launcher(List.of("help"));
        assertThat(help.code()).isZero();
        Set<String> all = new TreeSet<>(javaCommands());
        all.addAll(SHELL_COMMANDS);
        for (String command : all) {
            assertThat(help.out()).as("launcher usage lists %s", command).containsPattern("(?m)^  " + command + " ");
        }
        assertThat(dispatched()).as("commands the launcher's case statement runs")
                .containsAll(all).contains("help");
    }

    @Test
    void unknownCommandFailsWithTheUsage() throws Exception {
        Result r = launcher(List.of("frobnicate"));

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Usage: ./chartbridge").endsWith("chartbridge: unknown command 'frobnicate'\n");
    }

    /** The command names in the patterns of the launcher's last case statement (its dispatch). */
    private static Set<String> dispatched() throws IOException {
        String launcher = Files.readString(TestProjects.repo().resolve("chartbridge"), StandardCharsets.UTF_8);
        String dispatch = launcher.substring(launcher.lastIndexOf("case \"$cmd\" in"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^  ([a-z|-]+)\\)").matcher(dispatch);
        while (m.find()) {
            for (String name : m.group(1).split("\\|")) {
                names.add(name);
            }
        }
        return names;
    }

    record Result(int code, String out, String err) {
    }

    static Result launcher(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", TestProjects.repo().resolve("chartbridge").toString()));
        command.addAll(args);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher %s finished", args).isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
