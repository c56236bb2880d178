package io.chartbridge.app.run;

import io.chartbridge.core.source.SourceEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A source's entries in chunks, so the extract stage records them in the ledger a chunk at a time: a chunk ends at
 * {@code maxSize} entries, or at the first entry after {@code maxMillis} since the chunk began, so that a slow source
 * (scanned pages, seconds each) passes on each entry soon instead of waiting for a full chunk.
 */
final class SourceChunks implements Iterator<List<SourceEntry>> {

    private final Iterator<? extends SourceEntry> entries;
    private final int maxSize;
    private final long maxNanos;
    private final java.util.function.BooleanSupplier stopped;

    SourceChunks(Iterator<? extends SourceEntry> entries, int maxSize, long maxMillis) {
        this(entries, maxSize, maxMillis, () -> false);
    }

    /** @param stopped true once the run takes no new records (a stop was asked for): the source is read no further */
    SourceChunks(Iterator<? extends SourceEntry> entries, int maxSize, long maxMillis,
                 java.util.function.BooleanSupplier stopped) {
        this.stopped = stopped;
        if (maxSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1");
        }
        this.entries = entries;
        this.maxSize = maxSize;
        this.maxNanos = maxMillis * 1_000_000L;
    }

    @Override
    public boolean hasNext() {
        return !stopped.getAsBoolean() && entries.hasNext();
    }

    @Override
    public List<SourceEntry> next() {
        if (!entries.hasNext()) {
            throw new NoSuchElementException();
        }
        long started = System.nanoTime();
        List<SourceEntry> chunk = new ArrayList<>(Math.min(maxSize, 128));
        do {
            chunk.add(entries.next());
        } while (chunk.size() < maxSize && System.nanoTime() - started < maxNanos && entries.hasNext());
        return chunk;
    }
}
