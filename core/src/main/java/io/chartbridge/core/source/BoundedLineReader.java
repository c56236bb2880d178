package io.chartbridge.core.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines ended by CR, LF or CRLF, like {@link java.io.BufferedReader#readLine()}, but never holds more than a
 * limit: a longer line is consumed and reported as too long, so a file without line breaks cannot fill memory.
 */
public final class BoundedLineReader implements Closeable {

    /** What {@link #readLine()} returns for a line past the limit; compare by identity. */
    public static final String TOO_LONG = new String("");

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private boolean skipLf;

    public BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, {@link #TOO_LONG}, or null at the end. */
    public String readLine() throws IOException {
        StringBuilder line = null;
        boolean tooLong = false;
        while (true) {
            if (pos >= len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    if (line == null && !tooLong) {
                        return null;
                    }
                    return tooLong ? TOO_LONG : line.toString();
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            if (line == null) {
                line = new StringBuilder(Math.min(pos - start + 16, 1024));
            }
            if (!tooLong) {
                line.append(buf, start, pos - start);
                if (line.length() > maxChars) {
                    tooLong = true;
                    line.setLength(0);
                }
            }
            if (pos < len) {
                skipLf = buf[pos] == '\r';
                pos++;
                return tooLong ? TOO_LONG : line.toString();
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
