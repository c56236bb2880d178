package io.chartbridge.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SftpLocation;
import io.chartbridge.core.source.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source locations that are pulled: sftp:// with its login and host key, local folders, and what is refused. */
class ProjectLoaderPullTest {

    @TempDir
    Path dir;

    private SourceSpec source(String location, String pull) throws Exception {
        return load(location, pull, Map.of("BUREAU_PASSWORD", "pw-from-env")).sources().get(0);
    }

    private Project load(String location, String pull, Map<String, String> env) throws Exception {
        Path f = dir.resolve("project.yaml");
        Files.writeString(f, """
                name: demo
                sources:
                  - name: bureau scans
                    connector: csv
                    location: %s
                    mapping: m.yaml
                    options: { pattern: "*.txt" }
                %s
                """.formatted(location, pull == null ? "" : "    pull:\n" + pull.indent(6)));
        return new ProjectLoader(env::get).load(f);
    }

    @Test
    void anSftpLocationIsReadFromTheStagingFolderWithTheLoginFromTheEnvironment() throws Exception {
        SourceSpec s = source("sftp://bureau@sftp.example.org:2222/outgoing/charts", """
                password: ${BUREAU_PASSWORD}
                knownHosts: keys/known_hosts
                """);

        assertThat(s.isRemote()).isTrue();
        assertThat(s.location()).isEqualTo(dir.resolve(".chartbridge/staging/bureau_scans"));
        SftpLocation sftp = s.pull().sftp();
        assertThat(sftp.user()).isEqualTo("bureau");
        assertThat(sftp.host()).isEqualTo("sftp.example.org");
        assertThat(sftp.port()).isEqualTo(2222);
        assertThat(sftp.folder()).isEqualTo("outgoing/charts");
        assertThat(sftp.password()).isEqualTo("pw-from-env");
        assertThat(sftp.knownHosts()).isEqualTo(dir.resolve("keys/known_hosts"));
        assertThat(s.pull().display()).isEqualTo("sftp://bureau@sftp.example.org:2222/outgoing/charts");
        assertThat(s.toString()).doesNotContain("pw-from-env");
    }

    @Test
    void defaultsAreStableSizeTheConnectorsPatternPort22AndTheUsersKnownHosts() throws Exception {
        SourceSpec s = source("sftp://bureau@sftp.example.org/", "password: x\n");

        PullSpec pull = s.pull();
        assertThat(pull.ready()).isEqualTo(PullSpec.ReadyRule.STABLE_SIZE);
        assertThat(pull.quietPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pull.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pull.include()).isEqualTo("*.txt");
        assertThat(pull.sftp().port()).isEqualTo(22);
        assertThat(pull.sftp().folder()).isEmpty();
        assertThat(pull.sftp().knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh",
                "known_hosts"));
    }

    @Test
    void readyRulesAndTimesAreRead() throws Exception {
        PullSpec pull = source("sftp://bureau@h/x", """
                password: x
                ready: done-file
                doneFile: "${file:name.noext}.ok"
                quietPeriod: 2m
                pollInterval: 500ms
                include: "*.csv"
                """).pull();

        assertThat(pull.ready()).isEqualTo(PullSpec.ReadyRule.DONE_FILE);
        assertThat(pull.doneFile()).isEqualTo("${file:name.noext}.ok");
        assertThat(pull.quietPeriod()).isEqualTo(Duration.ofMinutes(2));
        assertThat(pull.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(pull.include()).isEqualTo("*.csv");
    }

    @Test
    void aKeyIsAFileNextToTheProjectOrPemTextFromTheEnvironment() throws Exception {
        Files.writeString(dir.resolve("id_ed25519"), "key");
        assertThat(source("sftp://bureau@h/x", "privateKey: id_ed25519\n").pull().sftp().privateKeyFile())
                .isEqualTo(dir.resolve("id_ed25519"));

        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\\nAAAA\\n-----END OPENSSH PRIVATE KEY-----";
        SftpLocation fromEnv = load("sftp://bureau@h/x", "privateKey: ${KEY}\n", Map.of("KEY", pem.replace("\\n",
                "\n"))).sources().get(0).pull().sftp();
        assertThat(fromEnv.privateKeyFile()).isNull();
        assertThat(fromEnv.privateKeyText()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    }

    @Test
    void aLocalLocationKeepsItsPathAndIsPulledOnlyWhenWatched() throws Exception {
        SourceSpec s = source("exports/drop", "quietPeriod: 5s\n");

        assertThat(s.isRemote()).isFalse();
        assertThat(s.location()).isEqualTo(dir.resolve("exports/drop"));
        assertThat(s.pull().folder()).isEqualTo(dir.resolve("exports/drop"));
        assertThat(s.pull().quietPeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void whatCannotBeUsedIsRefusedWithOneLineNamingTheSource() {
        assertThatThrownBy(() -> source("sftp://bureau@h/x", null)).isInstanceOf(FatalSetupException.class)
                .hasMessageEndingWith("sources[bureau scans] reads sftp://bureau@h:22/x: give pull.password or"
                        + " pull.privateKey (from the environment, e.g. password: ${SFTP_PASSWORD})");
        assertThatThrownBy(() -> source("sftp://bureau:hunter2@h/x", "password: x\n"))
                .hasMessageContaining("the URL holds a password").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> source("sftp://h/x", "password: x\n")).hasMessageContaining("names no user");
        assertThatThrownBy(() -> source("smb://server/share/drop", null))
                .hasMessageContaining("smb:// locations are not supported; mount the share");
        assertThatThrownBy(() -> source("ftp://bureau@h/x", null))
                .hasMessageContaining("'ftp://' is not a location this build reads");
        assertThatThrownBy(() -> source("drop", "password: x\n"))
                .hasMessageContaining("sources[bureau scans].pull.password applies to sftp:// locations only");
        assertThatThrownBy(() -> source("sftp://bureau@h/x", "password: x\nready: soon\n"))
                .hasMessageContaining("pull.ready must be 'done-file' or 'stable-size', not 'soon'");
        assertThatThrownBy(() -> source("sftp://bureau@h/x", "password: x\ndoneFile: ready.flag\n"))
                .hasMessageContaining("pull.doneFile must contain ${file:name}");
        assertThatThrownBy(() -> source("sftp://bureau@h/x", "password: x\nquietPeriod: a while\n"))
                .hasMessageContaining("pull.quietPeriod must be a duration");
        assertThatThrownBy(() -> source("sftp://bureau@h/x", "privateKey: missing-key\n"))
                .hasMessageContaining("cannot read the key file " + dir.resolve("missing-key"));
        assertThatThrownBy(() -> source("sftp://bureau@h/x", "password: x\nhostKeys: y\n"))
                .hasMessageContaining("unknown key 'hostKeys'");
    }
}
