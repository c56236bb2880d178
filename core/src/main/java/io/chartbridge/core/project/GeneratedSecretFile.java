package io.chartbridge.core.project;

import io.chartbridge.core.FatalSetupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A random secret kept in a file that only its owner can read, generated the first time it is asked for (the id
 * secret, the embedded ledger's password). Two processes that start at once agree on one secret: the file appears
 * complete under its name or not at all.
 */
public final class GeneratedSecretFile {

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecretFile() {
    }

    /** The secret in {@code file}, creating the file (and its folder, owner-only) with 256 random bits if absent. */
    public static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            restrictToOwner(file, OWNER_ONLY_FILE);
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new FatalSetupException(file + " is empty; restore the secret it held (or delete the file only"
                        + " if nothing was ever loaded with it)");
            }
            return secret;
        } catch (IOException e) {
            throw new FatalSetupException("Cannot read or create the secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates the folder (and missing parents) readable by the owner only; tightens an existing one. */
    public static void ownerOnlyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            if (isPosix()) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            } else {
                Files.createDirectories(folder);
            }
        }
        restrictToOwner(folder, OWNER_ONLY_FOLDER);
    }

    /** Sets owner-only permissions where the file system has POSIX permissions (elsewhere the folder's ACL rules). */
    public static void restrictToOwner(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (isPosix() && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static void create(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        ownerOnlyFolder(folder);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path partial = isPosix()
                ? Files.createTempFile(folder, ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(folder, ".secret-", ".tmp");
        try {
            Files.writeString(partial, secret + "\n", StandardCharsets.UTF_8);
            // A hard link fails when the name exists: whoever links first wins, the other reads the winner's secret.
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            // another process created it first
        } catch (UnsupportedOperationException e) {
            Files.move(partial, file);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
