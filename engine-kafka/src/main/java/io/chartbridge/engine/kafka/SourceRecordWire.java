package io.chartbridge.engine.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.io.IOException;

/**
 * The JSON form of one kind of source record's values, for the map topic. The application registers one per record
 * class it lets travel (flat rows are built in; scanned pages come from the application, which knows that module).
 */
public interface SourceRecordWire {

    /** The name written as the record's {@code kind}. */
    String kind();

    boolean writes(SourceRecord record);

    JsonNode write(SourceRecord record, ObjectMapper json);

    SourceRecord read(String sourceName, SourceLocation location, String contentHash, JsonNode values,
                      ObjectMapper json) throws IOException;
}
