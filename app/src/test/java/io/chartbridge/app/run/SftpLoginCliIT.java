package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.pull.SftpTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `chartbridge run` shows when an SFTP location cannot be used: one line, exit 1, no run started, nothing
 * staged; and the password from the environment appears in no log line, whatever happened.
 */
class SftpLoginCliIT {

    @TempDir
    Path dir;

    // The console log goes to System.out and System.err (logback's console target looks them up on each write, so
    // this holds even though starting Spring sets logging up again).
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream systemOut;
    private PrintStream systemErr;

    @BeforeEach
    void captureConsole() {
        systemOut = System.out;
        systemErr = System.err;
        PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
    }

    @AfterEach
    void releaseConsole() {
        System.setOut(systemOut);
        System.setErr(systemErr);
        systemOut.print(logged());
    }

    private Path project(String url, String password) throws Exception {
        Path project = dir.resolve("project.yaml");
        Files.writeString(project, """
                name: bureau-test
                sources:
                  - name: bureau-export
                    connector: csv
                    location: %s
                    mapping: %s
                    pull:
                      password: %s
                      knownHosts: known_hosts
                target:
                  kind: ndjson
                """.formatted(url, TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml"), password));
        return project;
    }

    private static Path serverFolder(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(root.resolve("outgoing"));
        Files.writeString(root.resolve("outgoing/patients.csv"), TestProjects.FIVE_ROWS);
        return root;
    }

    /** What the command logged on the console, as a person or a log collector sees it. */
    private String logged() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedLoginStopsTheRunWithOneLineAndExitOne() throws Exception {
        try (SftpTestServer server = SftpTestServer.start(serverFolder(dir))) {
            server.knownHosts(dir.resolve("known_hosts"));
            Path project = project(server.url("outgoing"), "not-the-password");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int code = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run",
                    project.toString());

            assertThat(code).isEqualTo(ChartBridge.EXIT_FATAL);
            assertThat(err.toString()).isEqualTo("chartbridge: SFTP source 'bureau-export' (" + server.url("outgoing")
                    + "): the server refused the login of user 'bureau' (password); check the user name and"
                    + " pull.password\n");
            assertThat(out.toString()).isEmpty();
            assertThat(dir.resolve(".chartbridge/staging")).doesNotExist();
            assertThat(logged()).doesNotContain("not-the-password");
        }
    }

    @Test
    void anUnreachableServerStopsTheRunWithOneLineAndExitOne() throws Exception {
        String url;
        int port;
        try (SftpTestServer server = SftpTestServer.start(serverFolder(dir))) {
            server.knownHosts(dir.resolve("known_hosts"));
            url = server.url("outgoing");
            port = server.port();
        }
        Path project = project(url, "${SFTP_PASSWORD:-" + SftpTestServer.PASSWORD + "}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run",
                project.toString());

        assertThat(code).isEqualTo(ChartBridge.EXIT_FATAL);
        assertThat(err.toString()).startsWith("chartbridge: SFTP source 'bureau-export' (" + url
                + "): cannot connect to 127.0.0.1:" + port + " (").endsWith(")\n").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve(".chartbridge/staging")).doesNotExist();
        assertThat(logged()).doesNotContain(SftpTestServer.PASSWORD);
    }

    @Test
    void aPulledRunLogsWhatItDoesButNeverThePassword() throws Exception {
        try (SftpTestServer server = SftpTestServer.start(serverFolder(dir))) {
            server.knownHosts(dir.resolve("known_hosts"));
            Path project = project(server.url("outgoing"), "${SFTP_PASSWORD:-" + SftpTestServer.PASSWORD + "}");
            StringWriter out = new StringWriter();

            int code = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "run", project.toString());

            assertThat(code).isZero();
            assertThat(out.toString()).contains("Pulled files: 1 read");
            assertThat(logged()).contains("reading " + server.url("outgoing") + "/patients.csv")
                    .doesNotContain(SftpTestServer.PASSWORD);
        }
    }
}
