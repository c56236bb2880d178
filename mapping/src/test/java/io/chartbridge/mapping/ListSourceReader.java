package io.chartbridge.mapping;

import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A source reader over rows given in a test: CSV-like records with a header, numbered from line 2 of their file. */
final class ListSourceReader implements SourceConnector.SourceReader {

    private final Iterator<SourceEntry> entries;

    ListSourceReader(List<SourceEntry> entries) {
        this.entries = entries.iterator();
    }

    /** Rows of one file: the header, then the values of each row. */
    static List<SourceEntry> csv(String file, String header, String... rows) {
        String[] columns = header.split(",", -1);
        List<SourceEntry> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            String[] values = rows[i].split(",", -1);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                fields.put(columns[c], c < values.length ? values[c] : "");
            }
            out.add(new FlatRecord("test", SourceLocation.ofLine(file, i + 2), "hash-" + file + "-" + i, fields));
        }
        return out;
    }

    /** Everything the mapping's reading gives: records and quarantined entries, in order. */
    static List<SourceEntry> readAll(DeclarativeMapping mapping, List<SourceEntry> entries) {
        List<SourceEntry> out = new ArrayList<>();
        mapping.reading(new ListSourceReader(entries)).forEachRemaining(out::add);
        return out;
    }

    @Override
    public boolean hasNext() {
        return entries.hasNext();
    }

    @Override
    public SourceEntry next() {
        return entries.next();
    }

    @Override
    public List<Path> files() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
