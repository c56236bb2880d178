package io.chartbridge.connector.jsonxml;

import io.chartbridge.core.source.SourceFiles;

import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;

/** Reads XML exports (a file or a folder): each element at {@code recordPath} is one {@link XmlRecord}. */
public class XmlDocumentConnector implements SourceConnector {

    public static final String KIND = "xml";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        DocumentSourceConfig config = DocumentSourceConfig.from(spec, "XML", "*.xml");
        XmlRecordPath recordPath;
        try {
            recordPath = XmlRecordPath.parse(config.recordPath());
        } catch (IllegalArgumentException e) {
            throw DocumentSourceConfig.invalid("XML", spec, "option 'recordPath' " + e.getMessage());
        }
        return new FileEntryReader(SourceFiles.list("XML", spec.name(), spec.location(), config.pattern()),
                (in, file) -> new XmlFileReader(in, file, recordPath, config.recordPath(), spec.name()));
    }
}
