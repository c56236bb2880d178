package io.chartbridge.connector.hl7v2;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts a stream of segments into messages: every MSH starts one; batch envelopes (FHS, BHS, BTS, FTS) are
 * dropped. Segments may be separated by CR, LF or CRLF ({@link BufferedReader#readLine()} accepts all three);
 * a UTF-8 byte order mark and MLLP framing bytes are removed. Only one message is held at a time.
 */
final class Hl7v2MessageSplitter implements Closeable {

    private static final Set<String> BATCH_ENVELOPE = Set.of("FHS", "BHS", "BTS", "FTS");

    private final BufferedReader in;
    private String pending;
    private boolean firstLine = true;
    private long count;

    Hl7v2MessageSplitter(BufferedReader in) {
        this.in = in;
    }

    /** The next message, or null at the end of the stream. Segments before any MSH come back as one message. */
    Hl7v2RawMessage next() throws IOException {
        List<String> segments = new ArrayList<>();
        String line = pending != null ? pending : readSegment();
        pending = null;
        while (line != null) {
            if (isEnvelope(line)) {
                if (!segments.isEmpty()) {
                    break;
                }
            } else if (line.startsWith("MSH") && !segments.isEmpty()) {
                pending = line;
                break;
            } else {
                segments.add(line);
            }
            line = readSegment();
        }
        if (segments.isEmpty()) {
            return null;
        }
        return new Hl7v2RawMessage(++count, List.copyOf(segments));
    }

    private static boolean isEnvelope(String segment) {
        return segment.length() >= 3 && BATCH_ENVELOPE.contains(segment.substring(0, 3));
    }

    /** Next non-empty segment text, or null at the end. */
    private String readSegment() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (firstLine) {
                firstLine = false;
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
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
