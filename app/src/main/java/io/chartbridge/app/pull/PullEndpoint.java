package io.chartbridge.app.pull;

import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SftpLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Camel endpoint URI of a pull: the {@code sftp} component (camel-ftp, JSch) for an SFTP location, the
 * {@code file} component for a local folder, with the same rules for both. The location is only read: nothing is
 * moved, deleted, locked or created there ({@code noop}, no {@code autoCreate}), and the server's host key is always
 * checked ({@code strictHostKeyChecking=yes}, against the project's known_hosts file or host key, never the user's
 * file by accident). Secrets go in as {@code RAW()} values, which Camel masks wherever it shows a URI.
 */
final class PullEndpoint {

    /**
     * Names of the beans a pull's URI refers to, bound in Camel's registry for the time of the run.
     *
     * @param filter      the ready rule ({@link ReadyFileFilter})
     * @param readLock    the hand-off of the consumer's operations ({@link ConsumerOperations})
     * @param polls       poll strategy and exception handler ({@link PullPolls})
     * @param idempotent  the memory of files taken by name, size and time, so a poll copies only what is new
     * @param privateKey  the private key as bytes, when the project gives it as text; else null
     * @param knownHosts  the known_hosts line made from pull.hostKey, as bytes; else null
     */
    record Beans(String filter, String readLock, String polls, String idempotent, String privateKey,
                 String knownHosts) { }

    private PullEndpoint() {
    }

    static String uri(PullSpec pull, Duration delay, Beans beans) {
        List<String> o = new ArrayList<>();
        String base;
        SftpLocation sftp = pull.sftp();
        if (sftp != null) {
            base = "sftp://" + hostPart(sftp.host()) + ":" + sftp.port() + "/" + sftp.folder();
            o.add("username=" + raw(String.valueOf(sftp.user())));
            if (sftp.password() != null) {
                o.add("password=" + raw(String.valueOf(sftp.password())));
            }
            if (sftp.privateKeyFile() != null) {
                o.add("privateKeyFile=" + raw(String.valueOf(sftp.privateKeyFile())));
            }
            if (beans.privateKey() != null) {
                o.add("privateKey=#bean:" + beans.privateKey());
            }
            if (sftp.privateKeyPassphrase() != null) {
                o.add("privateKeyPassphrase=" + raw(String.valueOf(sftp.privateKeyPassphrase())));
            }
            if (beans.knownHosts() != null) {
                o.add("knownHosts=#bean:" + beans.knownHosts());
            } else {
                o.add("knownHostsFile=" + raw(String.valueOf(sftp.knownHosts())));
            }
            o.add("strictHostKeyChecking=yes");
            o.add("useUserKnownHostsFile=false");
            o.add("autoCreateKnownHostsFile=false");
            // A failed login reaches the poll strategy (one clear line, back-off) instead of a WARN per poll.
            o.add("throwExceptionOnConnectFailed=true");
            o.add("maximumReconnectAttempts=0");
            o.add("connectTimeout=10000");
            // Files are copied as they stream in, not held in memory.
            o.add("streamDownload=true");
            o.add("jschLoggingLevel=ERROR");
        } else {
            base = "file:" + pull.folder().toAbsolutePath();
        }
        o.add("autoCreate=false");
        o.add("noop=true");
        o.add("recursive=false");
        o.add("idempotent=true");
        // A file is remembered as taken only once it was copied (not when listed), by name, size and time: a file
        // that changes gets a new key and is looked at again.
        o.add("idempotentEager=false");
        o.add("idempotentKey=${file:name}-${file:size}-${file:modified}");
        o.add("idempotentRepository=#bean:" + beans.idempotent());
        o.add("filter=#bean:" + beans.filter());
        o.add("exclusiveReadLockStrategy=#bean:" + beans.readLock());
        o.add("pollStrategy=#bean:" + beans.polls());
        o.add("exceptionHandler=#bean:" + beans.polls());
        if (pull.ready() == PullSpec.ReadyRule.DONE_FILE) {
            o.add("doneFileName=" + pull.doneFile());
        }
        o.add("sortBy=file:name");
        o.add("initialDelay=0");
        o.add("delay=" + Math.max(100, delay.toMillis()));
        return base + "?" + String.join("&", o);
    }

    /** A value Camel takes as it is: RAW(...), or RAW{...} when the value holds a closing parenthesis. */
    static String raw(String value) {
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        throw new IllegalArgumentException("a value may not hold both ')' and '}'");
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
