package io.chartbridge.core.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the files of a pulled location are taken: an {@code sftp://} location always, a local folder when a run
 * watches it. A file is taken only once it is ready (its done file exists, or its size and time stayed the same for
 * the quiet period), is copied into the staging folder, and is read from there.
 *
 * @param sftp         the SFTP server and how to log in; null for a local folder
 * @param folder       the local folder to watch; null for an SFTP location
 * @param ready        when a file counts as completely written
 * @param doneFile     with {@link ReadyRule#DONE_FILE}: the done file's name, {@code ${file:name}} standing for the
 *                     data file's name and {@code ${file:name.noext}} for it without its extension
 * @param quietPeriod  with {@link ReadyRule#STABLE_SIZE}: how long size and modification time must stay the same
 * @param pollInterval how often a watched run looks for new files
 * @param include      which file names are taken (a glob such as {@code *.csv}); hidden files never are
 * @param staging      the local folder the files are copied into (under the project's {@code .chartbridge/})
 */
public record PullSpec(SftpLocation sftp, Path folder, ReadyRule ready, String doneFile, Duration quietPeriod,
                       Duration pollInterval, String include, Path staging) {

    /** When a file on a pulled location is complete and may be taken. */
    public enum ReadyRule {
        /** The sender writes {@code <name>.done} (or the configured pattern) after the file. */
        DONE_FILE,
        /** Size and modification time unchanged for the quiet period, measured by this machine's clock. */
        STABLE_SIZE
    }

    public static final String DEFAULT_DONE_FILE = "${file:name}.done";
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

    public PullSpec {
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(staging, "staging");
        if ((sftp == null) == (folder == null)) {
            throw new IllegalArgumentException("a pull reads either an SFTP location or a local folder");
        }
    }

    /** The location as people name it: {@code sftp://user@host:port/path} (never a secret), or the local folder. */
    public String display() {
        return sftp != null ? sftp.display() : folder.toString();
    }
}
