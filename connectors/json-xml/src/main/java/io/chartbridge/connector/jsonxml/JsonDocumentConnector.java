package io.chartbridge.connector.jsonxml;

import io.chartbridge.core.source.SourceFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;

/** Reads JSON exports (a file or a folder): each value at {@code recordPath} is one {@link JsonRecord}. */
public class JsonDocumentConnector implements SourceConnector {

    public static final String KIND = "json";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        DocumentSourceConfig config = DocumentSourceConfig.from(spec, "JSON", "*.json");
        JsonRecordPath recordPath;
        try {
            recordPath = JsonRecordPath.parse(config.recordPath());
        } catch (IllegalArgumentException e) {
            throw DocumentSourceConfig.invalid("JSON", spec, "option 'recordPath' " + e.getMessage());
        }
        return new FileEntryReader(SourceFiles.list("JSON", spec.name(), spec.location(), config.pattern()),
                (in, file) -> new JsonFileReader(mapper, in, file, recordPath, config.recordPath(),
                        spec.name()));
    }
}
