package io.chartbridge.app.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SftpLocation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Camel endpoint of a pull reads only, always checks the host key, and carries secrets as RAW values. */
class PullEndpointTest {

    private static final PullEndpoint.Beans BEANS = new PullEndpoint.Beans("f", "l", "p", "t", null, null);

    private static PullSpec sftp(PullSpec.ReadyRule rule, String password, String hostKey) {
        return new PullSpec(new SftpLocation("bureau", "sftp.example.org", 2222, "/outgoing/charts", password,
                null, null, null, Path.of("/home/u/.ssh/known_hosts"), hostKey), null, rule, "${file:name}.done",
                Duration.ofSeconds(10), Duration.ofSeconds(30), "*.pdf", Path.of("/p/.chartbridge/staging/s"));
    }

    @Test
    void anSftpPullReadsOnlyAndChecksTheHostKeyAgainstTheGivenKnownHosts() {
        String uri = PullEndpoint.uri(sftp(PullSpec.ReadyRule.STABLE_SIZE, "pw(1)", null), Duration.ofSeconds(30),
                BEANS);

        assertThat(uri).startsWith("sftp://sftp.example.org:2222/outgoing/charts?")
                .contains("username=RAW(bureau)", "password=RAW{pw(1)}", "knownHostsFile=RAW(/home/u/.ssh/known_hosts)",
                        "strictHostKeyChecking=yes", "useUserKnownHostsFile=false", "autoCreateKnownHostsFile=false",
                        "noop=true", "autoCreate=false", "recursive=false", "idempotentEager=false",
                        "filter=#bean:f", "delay=30000")
                .doesNotContain("doneFileName", "delete=", "move=", "readLock=");
    }

    @Test
    void theDoneFileRuleUsesCamelsDoneFileNameAndAGivenHostKeyReplacesKnownHosts() {
        String uri = PullEndpoint.uri(sftp(PullSpec.ReadyRule.DONE_FILE, "pw", "ssh-ed25519 AAAA"),
                Duration.ofSeconds(1), new PullEndpoint.Beans("f", "l", "p", "t", null, "kh"));

        assertThat(uri).contains("doneFileName=${file:name}.done", "knownHosts=#bean:kh")
                .doesNotContain("knownHostsFile");
    }

    @Test
    void aLocalFolderIsPulledWithTheFileComponentAndTheSameRules() {
        PullSpec local = new PullSpec(null, Path.of("/p/drop"), PullSpec.ReadyRule.STABLE_SIZE, "${file:name}.done",
                Duration.ofSeconds(10), Duration.ofSeconds(30), "*", Path.of("/p/.chartbridge/staging/s"));

        assertThat(PullEndpoint.uri(local, Duration.ofSeconds(30), BEANS)).startsWith("file:/p/drop?")
                .contains("noop=true", "autoCreate=false").doesNotContain("password", "strictHostKeyChecking");
    }

    @Test
    void theProjectsHostKeyBecomesAKnownHostsLineForItsPort() {
        SftpLocation on2222 = sftp(PullSpec.ReadyRule.STABLE_SIZE, "pw", "ssh-ed25519 AAAAC3").sftp();
        assertThat(PullRoutes.knownHostsLine(on2222)).isEqualTo("[sftp.example.org]:2222 ssh-ed25519 AAAAC3\n");

        SftpLocation keyscanLine = new SftpLocation("u", "h", 22, "/", "pw", null, null, null, null,
                "h ecdsa-sha2-nistp256 AAAAE2");
        assertThat(PullRoutes.knownHostsLine(keyscanLine)).isEqualTo("h ecdsa-sha2-nistp256 AAAAE2\n");
    }
}
