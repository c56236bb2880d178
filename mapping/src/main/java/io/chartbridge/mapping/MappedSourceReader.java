package io.chartbridge.mapping;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector.SourceReader;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A source's entries as a mapping needs them, from {@link DeclarativeMapping#reading}: in order,
 * <ol>
 *   <li>a file whose header lacks a column the mapping reads (and does not mark {@code optional}) is refused: the
 *       first file at once, with a {@link FatalSetupException}, a later file of a folder record by record;</li>
 *   <li>rows are put together as the mapping's {@code groupRows} say ({@link RowGroups});</li>
 *   <li>a record that would give a resource the key an earlier record of the source gave it, where the resource
 *       says {@code duplicateKey: quarantine} (the default), is quarantined: the key does not tell the two apart,
 *       and loading the second would silently replace the first.</li>
 * </ol>
 * Memory: the group window, plus 32 bytes per key remembered. Not thread-safe: one per reader.
 */
final class MappedSourceReader implements SourceReader {

    private final SourceReader source;
    private final DeclarativeMapping mapping;
    private final Iterator<SourceEntry> entries;
    private final LongLongMap keys = new LongLongMap();
    /** Files (with the unit their positions count) in the order they came: a remembered key points into it. */
    private final List<io.chartbridge.core.source.SourceLocation> files = new ArrayList<>();
    private final Map<String, Integer> fileIndexes = new HashMap<>();
    private String checkedFile;
    private String missingInFile;
    private SourceEntry peeked;

    MappedSourceReader(SourceReader source, DeclarativeMapping mapping) {
        this.source = source;
        this.mapping = mapping;
        Iterator<SourceEntry> checked = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return peeked != null || source.hasNext();
            }

            @Override
            public SourceEntry next() {
                SourceEntry entry = peeked != null ? peeked : source.next();
                peeked = null;
                return checkHeader(entry);
            }
        };
        this.entries = mapping.rowGroups() == null ? checked : RowGroups.grouped(checked, mapping.rowGroups());
        if (source.hasNext()) {
            peeked = source.next();
            if (peeked instanceof FlatRecord first) {
                List<DeclarativeMapping.MissingColumn> missing = mapping.missingColumns(first);
                if (!missing.isEmpty()) {
                    throw new FatalSetupException(first.location().file() + ": " + describe(missing));
                }
            }
        }
    }

    static String describe(List<DeclarativeMapping.MissingColumn> missing) {
        return "column" + (missing.size() == 1 ? " " : "s ")
                + String.join(", ", missing.stream().map(Object::toString).toList())
                + (missing.size() == 1 ? " is" : " are") + " read by the mapping but not in the file's header (mark the"
                + " field optional: true if some exports leave the column out)";
    }

    private SourceEntry checkHeader(SourceEntry entry) {
        if (!(entry instanceof FlatRecord record)) {
            return entry;
        }
        String file = record.location().file();
        if (!file.equals(checkedFile)) {
            checkedFile = file;
            List<DeclarativeMapping.MissingColumn> missing = mapping.missingColumns(record);
            missingInFile = missing.isEmpty() ? null : "the file's header lacks what the mapping reads: " + describe(missing);
        }
        return missingInFile == null ? entry : new MalformedEntry(record.location(), record.contentHash(), missingInFile);
    }

    @Override
    public boolean hasNext() {
        return entries.hasNext();
    }

    @Override
    public SourceEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceEntry entry = entries.next();
        if (entry instanceof SourceRecord record) {
            String duplicate = duplicateKey(record);
            if (duplicate != null) {
                return new MalformedEntry(record.location(), record.contentHash(), duplicate);
            }
        }
        return entry;
    }

    /** The reason the record repeats an earlier record's key, or null. */
    private String duplicateKey(SourceRecord record) {
        List<DeclarativeMapping.ResourceKey> resourceKeys = mapping.keysToKeepApart(record);
        if (resourceKeys.isEmpty()) {
            return null;
        }
        String file = record.location().file();
        Integer fileIndex = fileIndexes.get(file);
        if (fileIndex == null) {
            fileIndex = files.size();
            files.add(record.location());
            fileIndexes.put(file, fileIndex);
        }
        long here = ((long) fileIndex << 40) | (record.location().position() & 0xFF_FFFF_FFFFL);
        for (DeclarativeMapping.ResourceKey key : resourceKeys) {
            long first = keys.putIfAbsent(LongSet.hash(key.type() + '\u0000' + key.key()), here);
            if (first != LongLongMap.NONE && first != here) {
                io.chartbridge.core.source.SourceLocation that = files.get((int) (first >>> 40));
                String where = new io.chartbridge.core.source.SourceLocation(that.file(), that.unit(),
                        first & 0xFF_FFFF_FFFFL, null).toString();
                return key.type() + " key " + key.template() + ": same key as " + where + ", whose " + key.type()
                        + " this record would replace; add to the key what tells the two apart (or set duplicateKey:"
                        + " update if a later record is meant to update it)";
            }
        }
        return null;
    }

    @Override
    public List<Path> files() {
        return source.files();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
