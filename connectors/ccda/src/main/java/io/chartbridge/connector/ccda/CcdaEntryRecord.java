package io.chartbridge.connector.ccda;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.List;
import java.util.Set;
import net.sf.saxon.s9api.XdmNode;

/**
 * One element of a C-CDA document picked by {@link CcdaDocumentRecord#records(String)}: an entry's act,
 * observation, substanceAdministration... Relative paths start at it ({@code id/@root}, {@code effectiveTime/low/@value});
 * absolute ones and {@code ancestor::} read the rest of the document, so the patient's id stays in reach.
 * Located at the document with the element's path as detail ({@code component[3]/section/entry[2]/act}).
 */
public final class CcdaEntryRecord implements SourceRecord {

    private final CcdaDocumentRecord document;
    private final XdmNode node;
    private final SourceLocation location;

    CcdaEntryRecord(CcdaDocumentRecord document, XdmNode node, SourceLocation location) {
        this.document = document;
        this.node = node;
        this.location = location;
    }

    @Override
    public String sourceName() {
        return document.sourceName();
    }

    @Override
    public SourceLocation location() {
        return location;
    }

    @Override
    public String contentHash() {
        return document.contentHash();
    }

    @Override
    public String value(String path) {
        List<String> all = values(path);
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public List<String> values(String path) {
        return document.xpath().values(node, path, document::variable);
    }

    /** Elements a selector picks relative to this one, e.g. an organizer's component observations. */
    public List<SourceRecord> records(String selector) {
        return document.children(node, selector);
    }

    @Override
    public Set<String> paths() {
        return CcdaPaths.of(node);
    }

    @Override
    public String toString() {
        return "CcdaEntryRecord[" + location + "]";
    }
}
