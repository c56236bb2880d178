package io.chartbridge.mapping;

import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document-like record offering {@code records(String)} the way the C-CDA connector's records do, so forEach
 * records is tested without depending on the connector. Public because the engine looks the method up publicly.
 * The selector {@code entry} gives the entries; any other selector is refused as the connector refuses bad XPath.
 */
public final class NestedTestRecord implements SourceRecord {

    private final FlatRecord document;
    private final List<Map<String, String>> entries;

    NestedTestRecord(Map<String, String> document, List<Map<String, String>> entries) {
        this.document = new FlatRecord("test", SourceLocation.ofFile("doc.xml"), "hash", document);
        this.entries = entries;
    }

    public List<SourceRecord> records(String selector) {
        if (!selector.equals("entry")) {
            throw new IllegalArgumentException("'" + selector + "' is not a valid selector");
        }
        return entries.stream().<SourceRecord>map(fields -> new FlatRecord("test",
                document.location().withDetail("entry"), "hash", fields)).toList();
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
