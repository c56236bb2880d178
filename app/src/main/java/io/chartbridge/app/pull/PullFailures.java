package io.chartbridge.app.pull;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.SftpException;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SftpLocation;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;

/**
 * Why a poll of a pulled location failed, in one line a person can act on: a refused login, an unknown or changed
 * host key, a refused connection, a missing folder. Never a secret, never a stack trace.
 */
final class PullFailures {

    private PullFailures() {
    }

    static String describe(Throwable failure, PullSpec pull) {
        SftpLocation sftp = pull.sftp();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JSchUnknownHostKeyException) {
                return "the server's host key is not in " + sftp.knownHosts() + " and pull.hostKey is not set; get"
                        + " the key (ssh-keyscan -p " + sftp.port() + " " + sftp.host() + "), check its fingerprint"
                        + " (ssh-keygen -lf) with the server's owner, then add it to that file or give it as"
                        + " pull.hostKey";
            }
            if (t instanceof JSchChangedHostKeyException) {
                return "the server's host key is not the one in " + (sftp.hostKey() != null ? "pull.hostKey"
                        : sftp.knownHosts()) + ": the server may be an impostor, or its key was replaced; ask the"
                        + " server's owner before changing the known key";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + sftp.host();
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "cannot connect to " + sftp.host() + ":" + sftp.port() + " (" + firstLine(t) + ")";
            }
            if (t instanceof SocketTimeoutException) {
                return "the server did not answer in time";
            }
            if (t instanceof JSchException && firstLine(t).startsWith("Auth ")) {
                return "the server refused the login of user '" + sftp.user() + "' (" + authTried(sftp)
                        + "); check the user name and pull." + (sftp.password() != null ? "password" : "privateKey");
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException
                    || t instanceof SftpException && t.getCause() instanceof java.io.IOException) {
                Throwable why = t instanceof SftpException ? t.getCause() : t;
                return "the connection to the server was lost (" + firstLine(why) + ")";
            }
            if (t instanceof SftpException s) {
                return switch (s.id) {
                    case 2 -> "folder '" + sftp.path() + "' does not exist on the server";
                    case 3 -> "permission denied on folder '" + sftp.path() + "'";
                    default -> "the server answered: " + firstLine(t);
                };
            }
            if (t instanceof NoSuchFileException && sftp == null) {
                return "folder " + pull.folder() + " does not exist";
            }
        }
        return firstLine(root(failure));
    }

    private static String authTried(SftpLocation sftp) {
        if (sftp.password() != null && (sftp.privateKeyFile() != null || sftp.privateKeyText() != null)) {
            return "key and password";
        }
        return sftp.password() != null ? "password" : "key";
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m).strip();
    }
}
