package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.LookaheadSourceReader;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceFiles;
import io.chartbridge.core.source.SourceLocation;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnmappableCharacterException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the messages of each file in turn; one message is held in memory at a time.
 *
 * <p>Files are cut into messages byte for byte (read as ISO-8859-1, where every byte is one character, and every
 * separator HL7 uses is ASCII, which no multi-byte UTF-8 character contains), and each message is then decoded in the
 * source's encoding on its own: bytes that are not valid in it (a Latin-1 "é" in a UTF-8 feed, a file cut in the
 * middle of a character) quarantine that message only, never the rest of the file.
 */
final class Hl7v2Reader extends LookaheadSourceReader {

    private final String sourceName;
    private final Hl7v2ConnectorConfig config;
    private final Hl7v2MessageParser parser = new Hl7v2MessageParser();
    private final CharsetDecoder decoder;
    private int fileIndex = -1;
    private Hl7v2MessageSplitter current;
    private String currentFile;
    private long lastMessage;
    private final int maxMessageBytes;

    Hl7v2Reader(String sourceName, List<Path> files, Hl7v2ConnectorConfig config) {
        this(sourceName, files, config, Hl7v2MessageSplitter.MAX_MESSAGE_CHARS);
    }

    /** @param maxMessageBytes the largest message read; a larger one is quarantined without being held */
    Hl7v2Reader(String sourceName, List<Path> files, Hl7v2ConnectorConfig config, int maxMessageBytes) {
        super(files);
        this.sourceName = sourceName;
        this.config = config;
        this.maxMessageBytes = maxMessageBytes;
        this.decoder = config.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
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
                        ContentHash.of(""), "cannot read the file from this message on ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (raw == null) {
                closeCurrent();
                continue;
            }
            lastMessage = raw.number();
            return toEntry(raw);
        }
    }

    private SourceEntry toEntry(Hl7v2RawMessage bytes) {
        SourceLocation location = new SourceLocation(currentFile, "message", bytes.number(), null);
        if (bytes.oversized()) {
            return new MalformedEntry(location, ContentHash.of(""), bytes.tooBig() + "; skipped to the next MSH");
        }
        Hl7v2RawMessage raw;
        try {
            raw = decode(bytes);
        } catch (BadBytes e) {
            return new MalformedEntry(location, ContentHash.of(bytes.text()), "segment " + e.segment
                    + " holds bytes that are not " + config.charset().name() + " text (" + e.what
                    + "); check the source's encoding option, or the file was cut");
        }
        String hash = ContentHash.of(raw.text());
        Hl7v2MessageParser.Result parsed = parser.parse(raw);
        if (parsed.problem() != null) {
            return new MalformedEntry(location, hash, parsed.problem());
        }
        return new Hl7v2MessageRecord(sourceName, location, hash, parsed.segments());
    }

    /** The message's segments decoded from their bytes (ISO-8859-1 characters) in the source's encoding. */
    private Hl7v2RawMessage decode(Hl7v2RawMessage bytes) throws BadBytes {
        if (config.charset().equals(StandardCharsets.ISO_8859_1)) {
            return bytes;
        }
        List<String> segments = new ArrayList<>(bytes.segments().size());
        for (int i = 0; i < bytes.segments().size(); i++) {
            String segment = bytes.segments().get(i);
            if (isAscii(segment)) {
                segments.add(segment); // the same in every encoding offered; most segments of most feeds
                continue;
            }
            try {
                segments.add(decoder.decode(ByteBuffer.wrap(segment.getBytes(StandardCharsets.ISO_8859_1))).toString());
            } catch (CharacterCodingException e) {
                throw new BadBytes(i + 1, e instanceof UnmappableCharacterException ? "a byte with no character"
                        : "a byte sequence that is no character");
            }
        }
        return new Hl7v2RawMessage(bytes.number(), segments, null);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of a segment that the source's encoding cannot decode; says where, never what (PHI). */
    private static final class BadBytes extends Exception {
        private static final long serialVersionUID = 1L;
        private final int segment;
        private final String what;

        BadBytes(int segment, String what) {
            super(null, null, false, false);
            this.segment = segment;
            this.what = what;
        }
    }

    private MalformedEntry openNextFile() {
        Path file = files.get(++fileIndex);
        currentFile = SourceFiles.displayName(file);
        lastMessage = 0;
        try {
            current = new Hl7v2MessageSplitter(new InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.ISO_8859_1), maxMessageBytes);
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
