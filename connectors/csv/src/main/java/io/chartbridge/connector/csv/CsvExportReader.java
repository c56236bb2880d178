package io.chartbridge.connector.csv;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceFiles;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Streams the entries of a CSV source's files one after another, opening each file only when it is reached. */
final class CsvExportReader implements SourceConnector.SourceReader {

    private final SourceSpec spec;
    private final CsvExportConnectorConfig config;
    private final List<Path> files;
    /** Files of a folder whose header cannot be used, with the problem: each becomes one quarantined entry. */
    private final Map<Path, String> unreadableHeaders;
    private int nextFile;
    private CsvFileReader current;
    private SourceEntry lookahead;
    private boolean closed;

    CsvExportReader(SourceSpec spec, CsvExportConnectorConfig config, List<Path> files,
                    Map<Path, String> unreadableHeaders) {
        this.spec = spec;
        this.config = config;
        this.files = List.copyOf(files);
        this.unreadableHeaders = Map.copyOf(unreadableHeaders);
    }

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public boolean hasNext() {
        while (lookahead == null && !closed) {
            if (current == null) {
                if (nextFile >= files.size()) {
                    return false;
                }
                Path file = files.get(nextFile++);
                String headerProblem = unreadableHeaders.get(file);
                if (headerProblem != null) {
                    lookahead = new MalformedEntry(SourceLocation.ofFile(SourceFiles.displayName(file)),
                            ContentHash.of(""), headerProblem + "; the file was not read");
                    continue;
                }
                current = open(file);
            }
            try {
                lookahead = current.next();
            } catch (IOException e) {
                throw CsvExportConnectorConfig.invalid(spec, "cannot read " + file(nextFile - 1) + ": "
                        + e.getClass().getSimpleName());
            }
            if (lookahead == null) {
                closeCurrent();
            }
        }
        return lookahead != null;
    }

    @Override
    public SourceEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceEntry entry = lookahead;
        lookahead = null;
        return entry;
    }

    private CsvFileReader open(Path file) {
        try {
            return new CsvFileReader(spec, config, file, SourceFiles.displayName(file));
        } catch (IOException e) {
            throw CsvExportConnectorConfig.invalid(spec, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private String file(int index) {
        return files.get(index).toString();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // Nothing was written; a failed close of a file we only read loses nothing.
            }
            current = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        lookahead = null;
        closeCurrent();
    }

    @Override
    public String toString() {
        return "CsvExportReader[" + spec.name() + ", " + files.size() + " file(s)]";
    }
}
