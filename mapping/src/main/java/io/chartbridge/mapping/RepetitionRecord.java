package io.chartbridge.mapping;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One repetition of a {@code forEach}: the record it came from, seen with {@code #} giving the 1-based repetition
 * number and, for a split cell, the cell's path giving this item only.
 */
final class RepetitionRecord implements SourceRecord {

    static final String INDEX = "#";

    private final SourceRecord delegate;
    private final int index;
    private final String itemPath;
    private final String item;

    RepetitionRecord(SourceRecord delegate, int index, String itemPath, String item) {
        this.delegate = delegate;
        this.index = index;
        this.itemPath = itemPath;
        this.item = item;
    }

    @Override
    public String sourceName() {
        return delegate.sourceName();
    }

    @Override
    public SourceLocation location() {
        return delegate.location();
    }

    @Override
    public String contentHash() {
        return delegate.contentHash();
    }

    @Override
    public String value(String path) {
        if (INDEX.equals(path)) {
            return Integer.toString(index);
        }
        if (path.equals(itemPath)) {
            return item;
        }
        return delegate.value(path);
    }

    @Override
    public List<String> values(String path) {
        if (INDEX.equals(path) || path.equals(itemPath)) {
            String v = value(path);
            return v == null ? List.of() : List.of(v);
        }
        return delegate.values(path);
    }

    @Override
    public Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>(delegate.paths());
        paths.add(INDEX);
        return paths;
    }

    @Override
    public List<SourceRecord> children(String name) {
        return delegate.children(name);
    }

    /** The record this repetition was made from (a group's row, an HL7 segment). */
    SourceRecord delegate() {
        return delegate;
    }

    @Override
    public double confidence(String path) {
        return delegate.confidence(path);
    }

    @Override
    public String toString() {
        return "RepetitionRecord[" + location() + " #" + index + "]";
    }
}
