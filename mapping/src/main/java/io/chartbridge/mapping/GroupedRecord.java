package io.chartbridge.mapping;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rows of a source mapped as one record ({@code groupRows}): a path reads the first row that has a value there, so
 * what the rows share (patient, date) reads as from any of them; {@code forEach: {children: rows}} repeats over the
 * rows in the order they came. Its location is its first row's, with the rows listed; its content hash covers
 * every row, so a changed row changes the group.
 */
final class GroupedRecord implements SourceRecord {

    /** The children name of a group's rows. */
    static final String ROWS = "rows";
    private static final int LISTED_ROWS = 10;

    private final String groupName;
    private final List<SourceRecord> rows;
    private final SourceLocation location;
    private final String contentHash;

    GroupedRecord(String groupName, List<SourceRecord> rows) {
        this.groupName = groupName;
        this.rows = List.copyOf(rows);
        SourceLocation first = rows.get(0).location();
        StringBuilder detail = new StringBuilder("group " + groupName + " of " + rows.size() + " row"
                + (rows.size() == 1 ? "" : "s") + ":");
        StringBuilder hashes = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            if (i < LISTED_ROWS) {
                detail.append(i == 0 ? " " : ", ").append(rows.get(i).location().position());
            } else if (i == LISTED_ROWS) {
                detail.append(", ...");
            }
            hashes.append(rows.get(i).contentHash()).append('\n');
        }
        this.location = first.withDetail(detail.toString());
        this.contentHash = ContentHash.of(hashes.toString());
    }

    String groupName() {
        return groupName;
    }

    List<SourceRecord> rows() {
        return rows;
    }

    @Override
    public String sourceName() {
        return rows.get(0).sourceName();
    }

    @Override
    public SourceLocation location() {
        return location;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public String value(String path) {
        for (SourceRecord row : rows) {
            String v = row.value(path);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public List<String> values(String path) {
        List<String> all = new ArrayList<>();
        for (SourceRecord row : rows) {
            all.addAll(row.values(path));
        }
        return all;
    }

    @Override
    public Set<String> paths() {
        Set<String> all = new LinkedHashSet<>();
        rows.forEach(r -> all.addAll(r.paths()));
        return all;
    }

    @Override
    public List<SourceRecord> children(String name) {
        return ROWS.equals(name) ? rows : rows.get(0).children(name);
    }

    @Override
    public String toString() {
        return "GroupedRecord[" + location + "]";
    }
}
