package io.chartbridge.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A stream that hands each complete line (UTF-8, without its line break) to a consumer as soon as it is written:
 * the OCR commands print one JSON line per page, and a user (or the ocr client) should see each page when it is
 * read, not all at the end.
 */
final class LineStream extends OutputStream {

    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineStream(Consumer<String> lines) {
        this.lines = lines;
    }

    /** A print stream whose lines go to the writer, flushed line by line. */
    static PrintStream to(PrintWriter writer) {
        return new PrintStream(new LineStream(line -> {
            writer.println(line);
            writer.flush();
        }), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                pending.write(b, start, i - start);
                emit();
                start = i + 1;
            }
        }
        pending.write(b, start, off + len - start);
    }

    /** A last line without a line break is handed on too. */
    @Override
    public synchronized void close() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
}
