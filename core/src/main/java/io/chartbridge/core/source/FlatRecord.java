package io.chartbridge.core.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A record whose values are a flat map of named fields: CSV rows, fixed-width lines, database rows. */
public final class FlatRecord implements SourceRecord {

    private final String sourceName;
    private final SourceLocation location;
    private final String contentHash;
    private final Map<String, String> fields;

    public FlatRecord(String sourceName, SourceLocation location, String contentHash, Map<String, String> fields) {
        this.sourceName = sourceName;
        this.location = location;
        this.contentHash = contentHash;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String sourceName() {
        return sourceName;
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
        String v = fields.get(path);
        return v == null || v.isBlank() ? null : v;
    }

    @Override
    public List<String> values(String path) {
        String v = value(path);
        return v == null ? List.of() : List.of(v);
    }

    @Override
    public Set<String> paths() {
        return fields.keySet();
    }

    public Map<String, String> fields() {
        return fields;
    }

    /** Deliberately shows the location only: record values are PHI and must not reach logs. */
    @Override
    public String toString() {
        return "FlatRecord[" + location + "]";
    }
}
