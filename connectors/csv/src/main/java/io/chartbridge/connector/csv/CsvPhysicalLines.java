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
 *
 * <p>LF and CRLF end a line. A CR alone ends one too in a file whose first line break is a CR alone (old Mac OS, some
 * mainframe transfers); in any other file it is a character of the line, as it always was. Each line keeps the
 * break that ended it, so a quoted field spanning lines is put back together byte for byte.
 */
final class CsvPhysicalLines implements Closeable {

    /** A line longer than this is not a plausible record; it is skipped instead of growing the heap. */
    static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * One physical line without its line break.
     *
     * @param text       the decoded text, or null when the bytes could not be decoded ({@code problem} says why)
     * @param hash       SHA-256 of the text, or of the raw bytes when they could not be decoded
     * @param problem    why the line is unusable, or null
     * @param lineBreak  the break that ended the line as it is in the file ({@code "\n"}, {@code "\r\n"},
     *                   {@code "\r"}), empty for a last line without one
     */
    record Line(long number, String text, String hash, String problem, String lineBreak) {
        boolean isBlank() {
            return text != null && text.isBlank();
        }
    }

    /** Which bytes end a line: not known until the first line break of the file. */
    private enum Breaks { UNKNOWN, LF_OR_CRLF, CR_OR_CRLF }

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPos;
    private int bufferEnd;
    private byte[] line = new byte[1024];
    private long lineNumber;
    private Breaks breaks = Breaks.UNKNOWN;

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
        String lineBreak = "";
        while (true) {
            if (bufferPos == bufferEnd && !fill()) {
                if (!sawAny) {
                    return null;
                }
                break;
            }
            sawAny = true;
            int start = bufferPos;
            int end = indexOfBreak(start);
            int chunk = (end < 0 ? bufferEnd : end) - start;
            bufferPos = end < 0 ? bufferEnd : end + 1;
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
            if (end >= 0) {
                lineBreak = buffer[end] == '\n' ? "\n" : afterCr();
                break;
            }
        }
        if (lineBreak.equals("\n") && length > 0 && line[length - 1] == '\r') {
            length--;
            lineBreak = "\r\n";
        }
        if (breaks == Breaks.UNKNOWN && !lineBreak.isEmpty()) {
            breaks = lineBreak.equals("\r") ? Breaks.CR_OR_CRLF : Breaks.LF_OR_CRLF;
        }
        lineNumber++;
        if (tooLong) {
            return new Line(lineNumber, null, ContentHash.of(Arrays.copyOf(line, length)),
                    "line is longer than " + MAX_LINE_BYTES + " bytes; it was skipped", lineBreak);
        }
        try {
            String text = decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
            return new Line(lineNumber, text, ContentHash.of(text), null, lineBreak);
        } catch (CharacterCodingException e) {
            String hint = charset.equals(StandardCharsets.UTF_8)
                    ? "; if the export is Latin-1, set the option encoding: ISO-8859-1"
                    : "";
            return new Line(lineNumber, null, ContentHash.of(Arrays.copyOf(line, length)),
                    "bytes not valid in " + charset.name() + hint, lineBreak);
        }
    }

    /** The first byte from {@code start} that ends a line: LF, or CR unless the file's breaks are LF/CRLF. */
    private int indexOfBreak(int start) {
        boolean crEnds = breaks != Breaks.LF_OR_CRLF;
        for (int i = start; i < bufferEnd; i++) {
            byte b = buffer[i];
            if (b == '\n' || (b == '\r' && crEnds)) {
                return i;
            }
        }
        return -1;
    }

    /** After a CR that ended a line: a following LF belongs to the same break (it may be in the next buffer). */
    private String afterCr() throws IOException {
        if (bufferPos == bufferEnd && !fill()) {
            return "\r";
        }
        if (buffer[bufferPos] == '\n') {
            bufferPos++;
            return "\r\n";
        }
        return "\r";
    }

    /** Reads the next bytes into the buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        bufferEnd = in.read(buffer, 0, buffer.length);
        bufferPos = 0;
        if (bufferEnd <= 0) {
            bufferEnd = 0;
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
