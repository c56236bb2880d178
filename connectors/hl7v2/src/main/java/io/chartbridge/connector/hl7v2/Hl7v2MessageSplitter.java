package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.BoundedLineReader;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts a stream of segments into messages: every MSH starts one; batch envelopes (FHS, BHS, BTS, FTS) are
 * dropped. Segments may be separated by CR, LF or CRLF; a UTF-8 byte order mark (as a character or as its three
 * bytes) and MLLP framing bytes are removed. Only one message is held at a time.
 */
final class Hl7v2MessageSplitter implements Closeable {

    private static final Set<String> BATCH_ENVELOPE = Set.of("FHS", "BHS", "BTS", "FTS");

    /** The UTF-8 byte order mark as the reader hands it over: bytes, one character each (ISO-8859-1). */
    private static final String UTF8_BOM_AS_BYTES = "\u00EF\u00BB\u00BF";

    /**
     * Largest message read, in characters of the stream (bytes, as {@link Hl7v2Reader} reads files): ample for ORU
     * and MDM messages that embed documents in OBX-5.
     */
    static final int MAX_MESSAGE_CHARS = 32 * 1024 * 1024;

    /**
     * Most segments a message may have. Held and parsed, each segment costs far more than its characters: a message
     * of 10^6 short OBX segments, under the size limit, took more than a 512 MB heap. Real messages have a few
     * thousand at most (a long report as one OBX per line).
     */
    static final int MAX_SEGMENTS = 50_000;

    private final BoundedLineReader in;
    private String pending;
    private boolean firstLine = true;
    private long count;

    private final int maxMessageChars;
    private final int maxSegments;

    Hl7v2MessageSplitter(Reader in) {
        this(in, MAX_MESSAGE_CHARS, MAX_SEGMENTS);
    }

    Hl7v2MessageSplitter(Reader in, int maxMessageChars) {
        this(in, maxMessageChars, MAX_SEGMENTS);
    }

    Hl7v2MessageSplitter(Reader in, int maxMessageChars, int maxSegments) {
        this.in = new BoundedLineReader(in, maxMessageChars);
        this.maxMessageChars = maxMessageChars;
        this.maxSegments = maxSegments;
    }

    /**
     * The next message, or null at the end of the stream. Segments before any MSH come back as one message. A
     * message over the size limit comes back without its segments and marked oversized: memory stays
     * bounded even when the location points at something that is not HL7 at all.
     */
    Hl7v2RawMessage next() throws IOException {
        List<String> segments = new ArrayList<>();
        long chars = 0;
        long segmentCount = 0;
        String tooBig = null;
        String line = pending != null ? pending : readSegment();
        pending = null;
        while (line != null) {
            if (isEnvelope(line)) {
                if (!segments.isEmpty() || tooBig != null) {
                    break;
                }
            } else if (line.startsWith("MSH") && (!segments.isEmpty() || tooBig != null)) {
                pending = line;
                break;
            } else {
                chars += line.length() + 1;
                segmentCount++;
                if (tooBig == null && (line == BoundedLineReader.TOO_LONG || chars > maxMessageChars)) {
                    tooBig = "message longer than " + maxMessageChars + " bytes (is this an HL7 v2 file?)";
                    segments.clear();
                } else if (tooBig == null && segmentCount > maxSegments) {
                    tooBig = "message of more than " + maxSegments + " segments";
                    segments.clear();
                } else if (tooBig == null) {
                    segments.add(line);
                }
            }
            line = readSegment();
        }
        if (segments.isEmpty() && tooBig == null) {
            return null;
        }
        return new Hl7v2RawMessage(++count, List.copyOf(segments), tooBig);
    }

    private static boolean isEnvelope(String segment) {
        return segment.length() >= 3 && BATCH_ENVELOPE.contains(segment.substring(0, 3));
    }

    /** Next non-empty segment text, {@link BoundedLineReader#TOO_LONG} for a line over the limit, or null at the end. */
    private String readSegment() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line == BoundedLineReader.TOO_LONG) {
                return line;
            }
            if (firstLine) {
                firstLine = false;
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                } else if (line.startsWith(UTF8_BOM_AS_BYTES)) {
                    line = line.substring(UTF8_BOM_AS_BYTES.length());
                }
            }
            line = stripFraming(line);
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    /** MLLP wraps each message in VT ... FS CR; files captured from an interface engine sometimes keep them. */
    private static String stripFraming(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && (line.charAt(start) == '\u000B' || line.charAt(start) == '\u001C')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == '\u000B' || line.charAt(end - 1) == '\u001C')) {
            end--;
        }
        return line.substring(start, end);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
