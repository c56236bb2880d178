package io.chartbridge.connector.csv;

import io.chartbridge.core.identity.ContentHash;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into physical lines and decodes each one on its own. Decoding per line (instead of wrapping
 * the stream in a Reader) is what lets one line with bytes that are invalid in the declared encoding be reported
 * with its line number while the lines after it are read normally. Only one line is held in memory at a time.
 */
final class CsvPhysicalLines implements Closeable {

    /** A line longer than this is not a plausible record; it is skipped instead of growing the heap. */
    static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * One physical line without its line terminator.
     *
     * @param text    the decoded text, or null when the bytes could not be decoded ({@code problem} says why)
     * @param hash    SHA-256 of the text, or of the raw bytes when they could not be decoded
     * @param problem why the line is unusable, or null
     */
    record Line(long number, String text, String hash, String problem) {
        boolean isBlank() {
            return text != null && text.isBlank();
        }
    }

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPos;
    private int bufferEnd;
    private byte[] line = new byte[1024];
    private long lineNumber;

    CsvPhysicalLines(InputStream in, Charset charset) {
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (bufferPos == bufferEnd) {
                bufferEnd = in.read(buffer, 0, buffer.length);
                bufferPos = 0;
                if (bufferEnd <= 0) {
                    bufferEnd = 0;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            int start = bufferPos;
            int newline = -1;
            for (int i = start; i < bufferEnd; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? bufferEnd : newline;
            bufferPos = newline < 0 ? bufferEnd : newline + 1;
            int chunk = end - start;
            if (!tooLong && length + chunk > MAX_LINE_BYTES) {
                tooLong = true;
            }
            if (!tooLong) {
                if (length + chunk > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                }
                System.arraycopy(buffer, start, line, length, chunk);
                length += chunk;
            }
            if (newline >= 0) {
                break;
            }
        }
        lineNumber++;
        if (tooLong) {
            return new Line(lineNumber, null, ContentHash.of(Arrays.copyOf(line, length)),
                    "line is longer than " + MAX_LINE_BYTES + " bytes; it was skipped");
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        try {
            String text = decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
            return new Line(lineNumber, text, ContentHash.of(text), null);
        } catch (CharacterCodingException e) {
            String hint = charset.equals(StandardCharsets.UTF_8)
                    ? "; if the export is Latin-1, set the option encoding: ISO-8859-1"
                    : "";
            return new Line(lineNumber, null, ContentHash.of(Arrays.copyOf(line, length)),
                    "bytes not valid in " + charset.name() + hint);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
