package io.chartbridge.core.ledger;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.GeneratedSecretFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What keeps an embedded H2 ledger to its owner. The ledger holds review payloads (patient data), and H2's
 * AUTO_SERVER mode, which lets the console open the ledger while a run holds it, listens on a TCP port: that port is
 * bound to 127.0.0.1 only, connections need the project's password, and the database files are readable by their
 * owner only (docs/adr/002).
 */
final class EmbeddedH2 {

    /** H2's system property for the address its servers bind to, read once when H2 is first loaded. */
    static final String BIND_PROPERTY = "h2.bindAddress";
    private static final String LOOPBACK = "127.0.0.1";
    /** H2's error code for a wrong user name or password. */
    private static final int WRONG_USER_OR_PASSWORD = 28000;

    private EmbeddedH2() {
    }

    /** Binds H2's servers to the loopback address, unless someone chose an address before; call before H2 loads. */
    static void bindServersToLoopback() {
        if (System.getProperty(BIND_PROPERTY) == null) {
            System.setProperty(BIND_PROPERTY, LOOPBACK);
        }
    }

    /** Refuses an AUTO_SERVER URL when H2 would listen on anything but the loopback address. */
    static void requireLoopbackServer(String url) {
        if (!url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            return;
        }
        String bind = org.h2.engine.SysProperties.BIND_ADDRESS;
        boolean loopback;
        try {
            loopback = bind != null && InetAddress.getByName(bind).isLoopbackAddress();
        } catch (IOException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new FatalSetupException("The ledger's AUTO_SERVER port would listen on " + (bind == null
                    ? "every network interface" : bind) + "; start Java with -D" + BIND_PROPERTY + "=127.0.0.1");
        }
    }

    /**
     * The ledger's folder, created readable by its owner only when it does not exist yet; a {@code .chartbridge}
     * folder (ours) is tightened when it does.
     */
    static void prepareFolder(String url) throws IOException {
        Path base = basePath(url);
        if (base == null || base.getParent() == null) {
            return;
        }
        Path folder = base.getParent();
        if (!Files.exists(folder) || folder.getFileName().toString().equals(".chartbridge")) {
            GeneratedSecretFile.ownerOnlyFolder(folder);
        }
    }

    /** Makes the database's files (data, lock with the server's address, trace) readable by their owner only. */
    static void ownerOnlyFiles(String url) throws IOException {
        Path base = basePath(url);
        if (base == null || base.getParent() == null || !Files.isDirectory(base.getParent())) {
            return;
        }
        String prefix = base.getFileName() + ".";
        try (var files = Files.list(base.getParent())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".db")).toList()) {
                GeneratedSecretFile.restrictToOwner(f, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    /**
     * A ledger created before it had a password (user and empty password, as ChartBridge made them) is given the
     * project's generated one, once; a ledger that already has it, or does not exist yet, is left as it is.
     */
    static void adoptPassword(String url, String user, String password) throws SQLException {
        String probe = url + ";IFEXISTS=TRUE";
        try {
            DriverManager.getConnection(probe, user, password).close();
            return;
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                return; // not there yet (created with the password on first open), or another problem Hikari reports
            }
        }
        try (Connection c = DriverManager.getConnection(probe, user, "")) {
            String name;
            try (ResultSet rs = c.createStatement().executeQuery("select current_user")) {
                rs.next();
                name = rs.getString(1);
            }
            try (PreparedStatement ps = c.prepareStatement("alter user \"" + name.replace("\"", "\"\"")
                    + "\" set password ?")) {
                ps.setString(1, password);
                ps.execute();
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                throw e;
            }
            // neither password: the open reports it
        }
    }

    /** The database's path without H2's extensions, for embedded file URLs; null for any other URL. */
    static Path basePath(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:")) {
            return null;
        }
        String rest = url.substring("jdbc:h2:".length());
        if (rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int semi = rest.indexOf(';');
        String path = semi < 0 ? rest : rest.substring(0, semi);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize();
    }
}
