package io.chartbridge.core.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files a source location names: the file itself, or a folder's matching files in name order. */
public final class SourceFiles {

    private SourceFiles() {
    }

    public static List<Path> list(String kind, String sourceName, Path location, String glob) {
        if (location == null || !Files.exists(location)) {
            throw new SourceUnavailableException(kind + " source '" + sourceName + "': " + location
                    + " does not exist");
        }
        if (Files.isRegularFile(location)) {
            if (!Files.isReadable(location)) {
                throw new SourceUnavailableException(kind + " source '" + sourceName + "': " + location
                        + " is not readable");
            }
            return List.of(location);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(location, glob)) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new SourceUnavailableException(kind + " source '" + sourceName + "': cannot list folder "
                    + location + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return List.copyOf(files);
    }

    /**
     * How a source item's location names its file: by its name in the source folder (folders are not recursed),
     * so the ledger, the console and the reports show {@code adt.hl7 message 2}, never where this machine keeps
     * the file. Connectors still read from the real path.
     */
    public static String displayName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
