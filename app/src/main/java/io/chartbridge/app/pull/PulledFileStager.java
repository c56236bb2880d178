package io.chartbridge.app.pull;

import io.chartbridge.core.identity.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.RemoteFile;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The pull route's step: copies a file that is ready into the source's staging folder, hashing the bytes as they
 * pass, then looks at the file on its location again. If its size or modification time is not what the listing
 * said, or fewer or more bytes came than it said, the file was replaced or written to while being copied: the copy is
 * thrown away and the file is taken again at a later poll (its new size or time makes it new to the pull). A copy
 * whose read fails midway (the connection went) is thrown away too. So a connector only ever reads a complete copy
 * of one version of a file. Copies are kept under
 * {@code staging/<hash>/<name>}.
 */
@Component("pulledFileStager")
public class PulledFileStager {

    private static final Logger LOG = LoggerFactory.getLogger(PulledFileStager.class);

    /** Header naming the source whose pull route delivered the file. */
    public static final String SOURCE_HEADER = "chartbridgePullSource";

    private final PullRoutes routes;

    public PulledFileStager(PullRoutes routes) {
        this.routes = routes;
    }

    public void stage(Exchange exchange) throws IOException {
        String sourceName = exchange.getIn().getHeader(SOURCE_HEADER, String.class);
        PullSession session = routes.session(sourceName);
        if (session == null) {
            throw new IllegalStateException("No pull in progress for source " + sourceName);
        }
        GenericFile<?> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        try (InputStream in = exchange.getIn().getMandatoryBody(InputStream.class)) {
            session.arrived(copy(session, file, in));
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("no content for " + file.getFileNameOnly(), e);
        }
    }

    /** Copies one file into the staging folder and checks it again; what became of it. */
    static PulledFile copy(PullSession session, GenericFile<?> file, InputStream in) throws IOException {
        String name = file.getFileNameOnly();
        String origin = origin(session, file);
        Path incoming = session.pull().staging().resolve(".incoming");
        Files.createDirectories(incoming);
        Path part = Files.createTempFile(incoming, "pull-", ".part");
        try {
            MessageDigest digest = ContentHash.newDigest();
            long copied = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = readFrom(in, buf)) > 0) {
                    digest.update(buf, 0, n);
                    out.write(buf, 0, n);
                    copied += n;
                }
            } catch (BrokeOff e) {
                String why = "the copy broke off after " + copied + " bytes (" + firstLine(e.getCause()) + ")";
                LOG.warn("{}: {}: {}; copy discarded, taken again at the next poll", session.describe(),
                        file.getRelativeFilePath(), why);
                return new PulledFile(session.source().name(), origin, name, copied, null, null, why);
            }
            String changed = changedWhileCopied(session, file, copied);
            if (changed != null) {
                LOG.warn("{}: {} changed while being copied ({}); copy discarded, taken again when it is ready",
                        session.describe(), file.getRelativeFilePath(), changed);
                return new PulledFile(session.source().name(), origin, name, copied, null, null, changed);
            }
            String hash = ContentHash.hex(digest);
            Path staged = session.pull().staging().resolve(hash).resolve(name);
            Files.createDirectories(staged.getParent());
            if (Files.isRegularFile(staged) && Files.size(staged) == copied) {
                Files.delete(part);
            } else {
                Files.move(part, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new PulledFile(session.source().name(), origin, name, copied, hash, staged, null);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** A read from the location failed (the connection went, the server refused): not the staging disk's fault. */
    private static final class BrokeOff extends IOException {
        private static final long serialVersionUID = 1L;

        BrokeOff(IOException cause) {
            super(cause);
        }
    }

    private static int readFrom(InputStream in, byte[] buf) throws BrokeOff {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw new BrokeOff(e);
        }
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m).strip();
    }

    /** Where the file came from, as logs and the ledger show it: the location's display plus the file's path. */
    static String origin(PullSession session, GenericFile<?> file) {
        if (session.source().isRemote()) {
            String base = session.pull().display();
            return (base.endsWith("/") ? base : base + "/") + file.getRelativeFilePath();
        }
        return file.getAbsoluteFilePath();
    }

    /** Why the copy is not of one version of the file, or null when the file is as the listing said. */
    private static String changedWhileCopied(PullSession session, GenericFile<?> file, long copied)
            throws IOException {
        long listedSize = file.getFileLength();
        long listedTime = file.getLastModified();
        long[] now = statAgain(session.operations(), file);
        if (now == null) {
            return "it was removed";
        }
        if (now[0] != listedSize) {
            return "size " + listedSize + " -> " + now[0] + " bytes" + (now[1] != listedTime ? ", modified again" : "");
        }
        if (now[1] != listedTime) {
            return "modified again";
        }
        if (copied != listedSize) {
            return copied + " of " + listedSize + " bytes came";
        }
        return null;
    }

    /** The file's size and modification time (ms) now, on the consumer's own connection; null when gone. */
    private static long[] statAgain(GenericFileOperations<?> operations, GenericFile<?> file) throws IOException {
        if (file instanceof RemoteFile<?> && operations instanceof RemoteFileOperations<?> remote) {
            Object[] found;
            try {
                found = remote.listFiles(file.getAbsoluteFilePath());
            } catch (RuntimeException e) {
                return null;
            }
            for (Object f : found) {
                if (f instanceof org.apache.camel.component.file.remote.SftpRemoteFile<?> r
                        && (r.getFilename().equals(file.getFileNameOnly())
                        || r.getFilename().equals(file.getAbsoluteFilePath()))) {
                    return new long[] {r.getFileLength(), r.getLastModified()};
                }
            }
            return null;
        }
        Path local = Path.of(file.getAbsoluteFilePath());
        if (!Files.exists(local)) {
            return null;
        }
        BasicFileAttributes attrs = Files.readAttributes(local, BasicFileAttributes.class);
        return new long[] {attrs.size(), attrs.lastModifiedTime().toMillis()};
    }
}
