package io.chartbridge.connector.jsonxml;

import io.chartbridge.core.source.LookaheadSourceReader;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceFiles;
import io.chartbridge.core.source.SourceLocation;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Walks the files of a source one after the other, asking a per-file reader for entries; shared by JSON and XML.
 * A file that cannot be opened becomes one malformed entry and the next file goes on.
 */
final class FileEntryReader extends LookaheadSourceReader {

    /** Reads the entries of one open file, one at a time. */
    interface PerFile extends Closeable {
        /** The next entry, or null when the file is done. */
        SourceEntry next() throws IOException;
    }

    /** Opens a per-file reader on a stream; the location string names the file in entries. */
    interface Opener {
        PerFile open(InputStream in, String file) throws IOException;
    }

    private final Opener opener;
    private int fileIndex = -1;
    private PerFile current;
    private String currentFile;

    FileEntryReader(List<Path> files, Opener opener) {
        super(files);
        this.opener = opener;
    }

    @Override
    protected SourceEntry advance() {
        while (true) {
            if (current == null) {
                if (fileIndex + 1 >= files.size()) {
                    return null;
                }
                Path file = files.get(++fileIndex);
                currentFile = SourceFiles.displayName(file);
                if (isEmpty(file)) {
                    return new MalformedEntry(SourceLocation.ofFile(currentFile), ContentHash.of(""),
                            "the file is empty (0 bytes)");
                }
                try {
                    current = opener.open(Files.newInputStream(file), currentFile);
                } catch (IOException e) {
                    return new MalformedEntry(SourceLocation.ofFile(currentFile), ContentHash.of(""),
                            "cannot open the file (" + e.getClass().getSimpleName() + ")");
                }
            }
            SourceEntry e;
            try {
                e = current.next();
            } catch (IOException ex) {
                closeCurrent();
                return new MalformedEntry(SourceLocation.ofFile(currentFile), ContentHash.of(""),
                        "cannot read the file (" + ex.getClass().getSimpleName() + ")");
            }
            if (e != null) {
                return e;
            }
            closeCurrent();
        }
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // opening it says what is wrong
        }
    }

    private void closeCurrent() {
        try {
            if (current != null) {
                current.close();
            }
        } catch (IOException e) {
            // nothing left to read from it
        }
        current = null;
    }

    @Override
    public void close() {
        closeCurrent();
        fileIndex = files.size();
    }
}
