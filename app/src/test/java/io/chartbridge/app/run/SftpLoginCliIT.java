package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.pull.SftpTestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `chartbridge run` shows when the SFTP server refuses the login: one line, exit 1, no run started. */
class SftpLoginCliIT {

    @TempDir
    Path dir;

    @Test
    void aRefusedLoginStopsTheRunWithOneLineAndExitOne() throws Exception {
        Path root = Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(root.resolve("outgoing"));
        Files.writeString(root.resolve("outgoing/patients.csv"), TestProjects.FIVE_ROWS);
        try (SftpTestServer server = SftpTestServer.start(root)) {
            server.knownHosts(dir.resolve("known_hosts"));
            Path project = dir.resolve("project.yaml");
            Files.writeString(project, """
                    name: bureau-test
                    sources:
                      - name: bureau-export
                        connector: csv
                        location: %s
                        mapping: %s
                        pull:
                          password: not-the-password
                          knownHosts: known_hosts
                    target:
                      kind: ndjson
                    """.formatted(server.url("outgoing"),
                    TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml")));
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
        }
    }
}
