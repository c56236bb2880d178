package io.chartbridge.app.pull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server for tests (Apache MINA SSHD) on 127.0.0.1 and a free port, serving a folder as the login
 * folder of one user, who logs in with a password or a key. Its host key is made for the test; {@link #knownHosts}
 * writes the known_hosts line that trusts it.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "bureau";
    public static final String PASSWORD = "s3cret-Pa55word";

    private final Path root;
    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private final SftpEventListener listener;
    private SshServer sshd;
    private int port;

    private SftpTestServer(Path root, SftpEventListener listener) throws GeneralSecurityException {
        this.root = root;
        this.listener = listener;
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        this.hostKey = ec.generateKeyPair();
        this.clientKey = ec.generateKeyPair();
    }

    /** Starts a server on a free port serving {@code root}. */
    public static SftpTestServer start(Path root) throws IOException, GeneralSecurityException {
        return start(root, null);
    }

    /** Starts a server whose SFTP subsystem also tells {@code listener} what clients do (to act in between). */
    public static SftpTestServer start(Path root, SftpEventListener listener) throws IOException,
            GeneralSecurityException {
        SftpTestServer server = new SftpTestServer(root, listener);
        server.listen(0);
        return server;
    }

    private void listen(int onPort) throws IOException {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(onPort);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        PublicKey allowed = clientKey.getPublic();
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && allowed.equals(key));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        if (listener != null) {
            sftp.addSftpEventListener(listener);
        }
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        sshd.start();
        port = sshd.getPort();
    }

    /** Stops the server, keeping its port and keys for {@link #restart}. */
    public void stop() throws IOException {
        sshd.stop(true);
    }

    /** Starts the server again on the same port, as a server back from a restart. */
    public void restart() throws IOException {
        listen(port);
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    /** {@code sftp://bureau@127.0.0.1:<port>/<folder>} */
    public String url(String folder) {
        return "sftp://" + USER + "@127.0.0.1:" + port + "/" + folder;
    }

    /** The server's host key as a known_hosts entry without the host: {@code ecdsa-sha2-nistp256 AAAA...}. */
    public String hostKey() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Writes a known_hosts file that trusts this server. */
    public Path knownHosts(Path file) throws IOException {
        Files.writeString(file, "[127.0.0.1]:" + port + " " + hostKey() + "\n");
        return file;
    }

    /** Writes the private key the server accepts for {@link #USER}, in OpenSSH format. */
    public Path clientKey(Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "chartbridge-test", null, out);
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        if (sshd != null) {
            sshd.stop(true);
        }
    }
}
