package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.LookaheadSourceReader;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Streams the messages of each file in turn; one message is held in memory at a time. */
final class Hl7v2Reader extends LookaheadSourceReader {

    private final String sourceName;
    private final Hl7v2ConnectorConfig config;
    private final Hl7v2MessageParser parser = new Hl7v2MessageParser();
    private int fileIndex = -1;
    private Hl7v2MessageSplitter current;
    private String currentFile;
    private long lastMessage;

    Hl7v2Reader(String sourceName, List<Path> files, Hl7v2ConnectorConfig config) {
        super(files);
        this.sourceName = sourceName;
        this.config = config;
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
            Hl7v2RawMessage raw;
            try {
                raw = current.next();
            } catch (IOException | UncheckedIOException e) {
                closeCurrent();
                return new MalformedEntry(new SourceLocation(currentFile, "message", lastMessage + 1, null),
                        ContentHash.of(""), "cannot read the file from this message on with encoding "
                        + config.charset().name() + " (" + e.getClass().getSimpleName() + "); check the encoding option");
            }
            if (raw == null) {
                closeCurrent();
                continue;
            }
            lastMessage = raw.number();
            return toEntry(raw);
        }
    }

    private SourceEntry toEntry(Hl7v2RawMessage raw) {
        SourceLocation location = new SourceLocation(currentFile, "message", raw.number(), null);
        String hash = ContentHash.of(raw.text());
        if (raw.oversized()) {
            return new MalformedEntry(location, hash, raw.tooBig() + "; skipped to the next MSH");
        }
        Hl7v2MessageParser.Result parsed = parser.parse(raw);
        if (parsed.problem() != null) {
            return new MalformedEntry(location, hash, parsed.problem());
        }
        return new Hl7v2MessageRecord(sourceName, location, hash, parsed.segments());
    }

    private MalformedEntry openNextFile() {
        Path file = files.get(++fileIndex);
        currentFile = file.toString();
        lastMessage = 0;
        try {
            CharsetDecoder decoder = config.charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            current = new Hl7v2MessageSplitter(new InputStreamReader(Files.newInputStream(file), decoder));
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
