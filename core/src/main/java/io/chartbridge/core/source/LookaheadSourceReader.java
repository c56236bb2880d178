package io.chartbridge.core.source;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The iterator half every file-based source reader shares: it looks one entry ahead through {@link #advance()},
 * so a connector only says how to get the next entry (or null at the end of its files).
 */
public abstract class LookaheadSourceReader implements SourceConnector.SourceReader {

    protected final List<Path> files;
    private SourceEntry next;

    protected LookaheadSourceReader(List<Path> files) {
        this.files = files;
    }

    /** The next entry, or null when every file has been read. */
    protected abstract SourceEntry advance();

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public SourceEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceEntry e = next;
        next = null;
        return e;
    }
}
