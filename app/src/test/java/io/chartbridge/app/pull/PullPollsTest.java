package io.chartbridge.app.pull;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SftpLocation;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.junit.jupiter.api.Test;

/** How a failed poll is told and how long the next attempt waits. */
class PullPollsTest {

    private static final PullSpec PULL = new PullSpec(new SftpLocation("bureau", "sftp.example.org", 22, "/out",
            "pw", null, null, null, Path.of("/k/known_hosts"), null), null, PullSpec.ReadyRule.STABLE_SIZE,
            "${file:name}.done", Duration.ofSeconds(10), Duration.ofSeconds(30), "*", Path.of("/s"));

    @Test
    void eachFailureDoublesTheWaitFromThePollIntervalUpToFifteenMinutes() {
        Duration poll = Duration.ofSeconds(30);
        assertThat(PullPolls.backoff(poll, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PullPolls.backoff(poll, 2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(PullPolls.backoff(poll, 5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(PullPolls.backoff(poll, 6)).isEqualTo(Duration.ofMinutes(15));
        assertThat(PullPolls.backoff(poll, 60)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void failuresAreToldInWordsAPersonCanActOn() {
        assertThat(PullFailures.describe(wrapped(new JSchException("Auth fail for methods 'publickey,password'")),
                PULL)).isEqualTo("the server refused the login of user 'bureau' (password); check the user name and"
                        + " pull.password");
        // A changed host key (JSch's exception has no public constructor) is told in SftpPullIT.
        assertThat(PullFailures.describe(wrapped(new JSchException("java.net.UnknownHostException: nowhere",
                new java.net.UnknownHostException("sftp.example.org"))), PULL))
                .isEqualTo("unknown host sftp.example.org");
        assertThat(PullFailures.describe(wrapped(new JSchException("java.net.ConnectException: Connection refused",
                new ConnectException("Connection refused"))), PULL))
                .isEqualTo("cannot connect to sftp.example.org:22 (Connection refused)");
        assertThat(PullFailures.describe(wrapped(new SftpException(2, "No such file")), PULL))
                .isEqualTo("folder '/out' does not exist on the server");
        assertThat(PullFailures.describe(wrapped(new SftpException(3, "Permission denied")), PULL))
                .isEqualTo("permission denied on folder '/out'");
    }

    private static Exception wrapped(Exception cause) {
        return new GenericFileOperationFailedException("Cannot connect to sftp://bureau@sftp.example.org:22", cause);
    }
}
