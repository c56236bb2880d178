package io.chartbridge.mapping;

import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts rows of one group ({@code groupRows}) together as they stream by, holding at most {@code window} rows: a
 * row joins its group when it comes at most {@code window} rows after the group's previous row; a group is complete
 * when a row comes later than that, when holding it would exceed the window, or at the end of the source. A row whose group was completed already comes too late to join it: it is
 * quarantined with the reason, since mapping it alone would replace the group's resource with a partial one.
 * Rows that join no group pass through as they are. Not thread-safe: one per reader.
 */
final class RowGroups {

    /** A kind of group: name, key template, which rows join (null: all). */
    record Definition(String name, SourceTemplate by, RecordCondition when) {
    }

    private static final class Open {
        final String name;
        final List<SourceRecord> rows = new ArrayList<>(4);
        long lastRow;

        Open(String name) {
            this.name = name;
        }
    }

    private final List<Definition> definitions;
    private final int window;
    /** Open groups, least recently joined first (access order), so the first is the next to complete. */
    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);
    private final LongSet completed = new LongSet();
    private final Deque<SourceEntry> ready = new ArrayDeque<>();
    private long rowNumber;
    private int held;

    RowGroups(List<Definition> definitions, int window) {
        this.definitions = definitions;
        this.window = window;
    }

    /** Entries ready to map after this one arrived (groups completed, or the entry itself). */
    void accept(SourceEntry entry) {
        rowNumber++;
        // A row joins a group whose previous row came at most `window` rows before it; older groups are complete.
        completeOlderThan(rowNumber - window - 1);
        if (entry instanceof SourceRecord record) {
            join(record);
        } else {
            ready.add(entry);
        }
    }

    /** At the end of the source: every open group is complete. */
    void finish() {
        while (!open.isEmpty()) {
            complete(open.keySet().iterator().next());
        }
    }

    Deque<SourceEntry> ready() {
        return ready;
    }

    private void join(SourceRecord row) {
        for (Definition d : definitions) {
            if (d.when() != null && !d.when().test(row)) {
                continue;
            }
            String by = d.by().render(row);
            if (by == null) {
                break; // a row without a key joins nothing: it is mapped alone
            }
            String key = d.name() + '\u0000' + by;
            while (held >= window) {
                complete(open.keySet().iterator().next()); // never more than the window's rows in memory
            }
            if (completed.contains(LongSet.hash(key))) {
                ready.add(new MalformedEntry(row.location(), row.contentHash(), "row of group " + d.name() + " ("
                        + d.by().text() + ") came after its group was mapped without it (more than " + window + " rows after"
                        + " the group's previous row, or the group had " + window + " rows already); sort the export by"
                        + " the group's key or raise groupRows.window"));
                return;
            }
            Open group = open.get(key);
            if (group == null) {
                group = new Open(d.name());
                open.put(key, group);
            }
            group.rows.add(row);
            group.lastRow = rowNumber;
            held++;
            return;
        }
        ready.add(row);
    }

    private void completeOlderThan(long row) {
        while (!open.isEmpty()) {
            Map.Entry<String, Open> eldest = open.entrySet().iterator().next();
            if (eldest.getValue().lastRow > row) {
                return;
            }
            complete(eldest.getKey());
        }
    }

    private void complete(String key) {
        Open group = open.remove(key);
        held -= group.rows.size();
        completed.add(LongSet.hash(key));
        ready.add(new GroupedRecord(group.name, group.rows));
    }

    /** Iterates the entries of a source with its rows grouped. */
    static Iterator<SourceEntry> grouped(Iterator<? extends SourceEntry> source, RowGroups groups) {
        return new Iterator<>() {
            private boolean finished;

            @Override
            public boolean hasNext() {
                while (groups.ready.isEmpty() && !finished) {
                    if (source.hasNext()) {
                        groups.accept(source.next());
                    } else {
                        groups.finish();
                        finished = true;
                    }
                }
                return !groups.ready.isEmpty();
            }

            @Override
            public SourceEntry next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return groups.ready.poll();
            }
        };
    }
}
