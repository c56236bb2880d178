package io.chartbridge.connector.fixedwidth;

import io.chartbridge.core.source.LookaheadSourceReader;

import io.chartbridge.core.source.BoundedLineReader;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceFiles;
import io.chartbridge.core.source.SourceLocation;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Streams the lines of each file in turn; only the current line is held in memory. */
final class FixedWidthReader extends LookaheadSourceReader {

    /** Longest line read: far beyond any real layout, small enough that a file without line breaks is harmless. */
    static final int MAX_LINE_CHARS = 1024 * 1024;

    private final String sourceName;
    private final FixedWidthConnectorConfig config;
    private final int needed;
    private int fileIndex = -1;
    private BoundedLineReader current;
    private String currentFile;
    private long lineNumber;

    FixedWidthReader(String sourceName, List<Path> files, FixedWidthConnectorConfig config) {
        super(files);
        this.sourceName = sourceName;
        this.config = config;
        this.needed = config.lineLength();
    }

    @Override
    protected SourceEntry advance() {
        while (true) {
            if (current == null) {
                if (fileIndex + 1 >= files.size()) {
                    return null;
                }
                MalformedEntry unreadable = openNextFile();
                if (unreadable != null) {
                    return unreadable;
                }
            }
            String line;
            try {
                line = current.readLine();
            } catch (IOException | UncheckedIOException e) {
                closeCurrent();
                // The decoder reports bytes the encoding cannot read; a person can fix the option or the file.
                return new MalformedEntry(SourceLocation.ofLine(currentFile, lineNumber + 1), ContentHash.of(""),
                        "cannot read the file past this line with encoding " + config.charset().name()
                                + " (" + e.getClass().getSimpleName() + ")");
            }
            if (line == null) {
                closeCurrent();
                continue;
            }
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (lineNumber <= config.skipLines()) {
                continue;
            }
            if (line == BoundedLineReader.TOO_LONG) {
                return new MalformedEntry(SourceLocation.ofLine(currentFile, lineNumber), ContentHash.of(""),
                        "line longer than " + MAX_LINE_CHARS + " characters (is this a fixed-width file?)");
            }
            if (line.isEmpty()) {
                continue;
            }
            return toEntry(line);
        }
    }

    private SourceEntry toEntry(String line) {
        SourceLocation location = SourceLocation.ofLine(currentFile, lineNumber);
        String hash = ContentHash.of(line);
        FixedWidthLine cut = config.units() == FixedWidthConnectorConfig.Units.BYTES
                ? FixedWidthLine.ofBytes(line, config.charset())
                : FixedWidthLine.ofCharacters(line);
        if (cut.length() < needed) {
            return new MalformedEntry(location, hash, "line shorter than the layout (needs " + needed + ", has "
                    + cut.length() + (config.units() == FixedWidthConnectorConfig.Units.BYTES ? " bytes)" : ")"));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (FixedWidthField f : config.fields()) {
            String v = cut.field(f.offset(), f.end());
            if (v == null) {
                return new MalformedEntry(location, hash, "field '" + f.name() + "' (bytes " + (f.offset() + 1)
                        + "-" + f.end() + ") cuts a character of " + config.charset().name() + " in two: the"
                        + " layout does not fit this line (or its positions count characters: units: characters)");
            }
            values.put(f.name(), config.trim() ? v.strip() : v);
        }
        return new FlatRecord(sourceName, location, hash, values);
    }

    /** Opens the next file; returns an entry for the file when it cannot be opened, so the others go on. */
    private MalformedEntry openNextFile() {
        Path file = files.get(++fileIndex);
        currentFile = SourceFiles.displayName(file);
        lineNumber = 0;
        try {
            CharsetDecoder decoder = config.charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            current = new BoundedLineReader(new InputStreamReader(Files.newInputStream(file), decoder), MAX_LINE_CHARS);
            return null;
        } catch (IOException e) {
            return new MalformedEntry(SourceLocation.ofFile(currentFile), ContentHash.of(""),
                    "cannot open the file (" + e.getClass().getSimpleName() + ")");
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
