package io.chartbridge.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's default ledger is an H2 file with AUTO_SERVER (so the console can open it beside a run). It holds
 * patient data, so its port is bound to 127.0.0.1, it takes the project's generated password, and its files are its
 * owner's only. (AppListensOnLoopbackOnlyTest checks the sockets of a real run and console.)
 */
class EmbeddedH2LedgerTest {

    @TempDir
    Path dir;

    private Project project() throws Exception {
        Path file = dir.resolve("project.yaml");
        Files.writeString(file, """
                name: p
                sources:
                  - {name: s, connector: csv, location: p.csv, mapping: m.yaml}
                """);
        return new ProjectLoader(k -> null).load(file);
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theDefaultLedgerIsOwnerOnlyAndNeedsTheProjectsGeneratedPassword() throws Exception {
        LedgerSpec spec = project().ledger();
        assertThat(spec.url()).contains("AUTO_SERVER=TRUE");
        Path folder = dir.resolve(".chartbridge");

        try (Ledger ledger = Ledger.open(spec)) {
            ledger.startRun("p", "p", "t");
            assertThat(permissions(folder)).isEqualTo("rwx------");
            assertThat(permissions(folder.resolve("ledger.mv.db"))).isEqualTo("rw-------");
            Path password = folder.resolve("ledger-password");
            assertThat(permissions(password)).isEqualTo("rw-------");
            // The AUTO_SERVER port written into the lock file is on the loopback address.
            Properties lock = new Properties();
            try (var in = Files.newInputStream(folder.resolve("ledger.lock.db"))) {
                lock.load(in);
            }
            assertThat(lock.getProperty("server")).startsWith("localhost:");
            assertThat(org.h2.engine.SysProperties.BIND_ADDRESS).isEqualTo("127.0.0.1");
        }
        String url = "jdbc:h2:file:" + folder.resolve("ledger");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
        DriverManager.getConnection(url, "sa", Files.readString(folder.resolve("ledger-password")).strip()).close();
    }

    @Test
    void aLedgerMadeBeforeItHadAPasswordIsGivenTheProjectsOneAndKeepsItsRuns() throws Exception {
        LedgerSpec spec = project().ledger();
        Path folder = dir.resolve(".chartbridge");
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        long run;
        try (Ledger old = Ledger.open(new LedgerSpec(spec.url(), "sa", ""))) {
            run = old.startRun("p", "p", "t");
        }
        Files.setPosixFilePermissions(folder.resolve("ledger.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

        try (Ledger ledger = Ledger.open(spec)) {
            assertThat(ledger.run(run)).isPresent();
        }
        assertThat(permissions(folder)).isEqualTo("rwx------");
        assertThat(permissions(folder.resolve("ledger.mv.db"))).isEqualTo("rw-------");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("ledger"), "sa", "")
                .close()).isInstanceOf(SQLException.class);
        try (Ledger again = Ledger.open(project().ledger())) {
            assertThat(again.run(run)).isPresent();
        }
    }

    @Test
    void aConfiguredPasswordOrAServerLedgerGetsNoGeneratedOne() throws Exception {
        Path file = dir.resolve("project.yaml");
        Files.writeString(file, """
                name: p
                sources:
                  - {name: s, connector: csv, location: p.csv, mapping: m.yaml}
                ledger: { url: "jdbc:h2:file:./l", password: own }
                """);
        assertThat(new ProjectLoader(k -> null).load(file).ledger().passwordFile()).isNull();
        Files.writeString(file, """
                name: p
                sources:
                  - {name: s, connector: csv, location: p.csv, mapping: m.yaml}
                ledger: { url: "jdbc:postgresql://127.0.0.1/x" }
                """);
        assertThat(new ProjectLoader(k -> null).load(file).ledger().passwordFile()).isNull();
        Files.writeString(file, """
                name: p
                sources:
                  - {name: s, connector: csv, location: p.csv, mapping: m.yaml}
                ledger: { url: "jdbc:h2:file:./l;AUTO_SERVER=TRUE" }
                """);
        assertThat(new ProjectLoader(k -> null).load(file).ledger().passwordFile())
                .isEqualTo(dir.resolve(".chartbridge/ledger-password"));
    }
}
