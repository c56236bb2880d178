package io.chartbridge.mapping;

import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document-like record that offers child records for a selector through a public {@code records(String)} method,
 * as a document source does, rather than through {@link SourceRecord#children}.
 */
public final class SelectingTestRecord implements SourceRecord {

    private final FlatRecord document = new FlatRecord("test", SourceLocation.ofFile("doc.xml"), "hash", Map.of("id", "D1"));

    public List<SourceRecord> records(String selector) {
        if (!selector.startsWith("//")) {
            throw new IllegalArgumentException("not a selector this source understands");
        }
        return List.of(new FlatRecord("test", document.location(), "h1", Map.of("code", "A")),
                new FlatRecord("test", document.location(), "h2", Map.of("code", "B")));
    }

    @Override
    public String sourceName() {
        return document.sourceName();
    }

    @Override
    public SourceLocation location() {
        return document.location();
    }

    @Override
    public String contentHash() {
        return document.contentHash();
    }

    @Override
    public String value(String path) {
        return document.value(path);
    }

    @Override
    public List<String> values(String path) {
        return document.values(path);
    }

    @Override
    public Set<String> paths() {
        return document.paths();
    }
}
