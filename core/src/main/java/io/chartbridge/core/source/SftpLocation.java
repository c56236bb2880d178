package io.chartbridge.core.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An {@code sftp://user@host:port/path} source location and how to log in to it. The server's host key is always
 * checked: against {@code knownHosts} (an OpenSSH known_hosts file), or against {@code hostKey} when the project
 * gives the key itself. {@link #toString()} never shows a secret.
 *
 * @param user                 the login name (required: an SFTP drop is never anonymous)
 * @param host                 server name or address
 * @param port                 22 unless given
 * @param path                 the folder on the server, as the server shows it after login: {@code /outgoing} is the
 *                             folder {@code outgoing} in the login folder (SFTP drop servers mostly show a user only
 *                             their own folder), {@code /} the login folder itself
 * @param password             password login, or null
 * @param privateKeyFile       a private key file (OpenSSH or PEM), or null
 * @param privateKeyText       a private key given as text (an environment variable holding the PEM), or null
 * @param privateKeyPassphrase the key's passphrase, or null
 * @param knownHosts           the known_hosts file to check the server against (default ~/.ssh/known_hosts)
 * @param hostKey              the server's public key as in a known_hosts line ({@code ssh-ed25519 AAAA...}), used
 *                             instead of {@code knownHosts} when given
 */
public record SftpLocation(String user, String host, int port, String path, String password, Path privateKeyFile,
                           String privateKeyText, String privateKeyPassphrase, Path knownHosts, String hostKey) {

    public static final int DEFAULT_PORT = 22;

    public SftpLocation {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
    }

    /** The parts of an {@code sftp://} URL, before any login settings are added. */
    public record Address(String user, String host, int port, String path) { }

    /**
     * Parses {@code sftp://user@host[:port]/path}. A password in the URL ({@code user:secret@host}) is refused: the
     * project file would then hold the secret, and logs might show it.
     *
     * @throws IllegalArgumentException with a message that names what is wrong (never the URL's user info)
     */
    public static Address parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid sftp:// URL (" + e.getReason() + ")");
        }
        if (!"sftp".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not an sftp:// URL");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            throw new IllegalArgumentException("the URL names no user: write sftp://user@host/path");
        }
        if (userInfo.contains(":")) {
            throw new IllegalArgumentException("the URL holds a password: give it as pull.password from the "
                    + "environment, e.g. password: ${SFTP_PASSWORD}");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL names no host: write sftp://user@host/path");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("the URL may not have a ?query or #fragment; settings go under pull:");
        }
        return new Address(uri.getUserInfo(), uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), path);
    }

    /** {@code sftp://user@host:port/path}: what logs, messages and the ledger show. */
    public String display() {
        return "sftp://" + user + "@" + host + ":" + port + path;
    }

    /** The folder relative to the login folder, without leading or trailing slashes ("" for the login folder). */
    public String folder() {
        String f = path;
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        while (f.endsWith("/")) {
            f = f.substring(0, f.length() - 1);
        }
        return f;
    }

    @Override
    public String toString() {
        return display();
    }
}
