package io.chartbridge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.ChartBridge;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production configuration ships no users: the console refuses to start and says how to configure them. */
class ConsoleCommandStartupTest {

    @TempDir
    Path dir;

    @Test
    void consoleWithoutConfiguredUsersFailsWithOneClearLine() throws IOException {
        Path project = dir.resolve("project.yaml");
        Files.writeString(project, """
                name: no-users
                sources:
                  - name: legacy-emr
                    connector: csv
                    location: patients.csv
                    mapping: mapping.yaml
                ledger:
                  url: jdbc:h2:file:%s
                  username: sa
                  password: ""
                """.formatted(dir.resolve("ledger")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), "console", "--project",
                project.toString(), "--port", "0");

        assertThat(exit).isEqualTo(ChartBridge.EXIT_FATAL);
        assertThat(err.toString()).contains("No console users are configured")
                .contains("chartbridge.console.users[0].username");
        assertThat(out.toString()).doesNotContain("http://");
    }
}
