package io.chartbridge.app.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.connector.jsonxml.JsonRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.engine.kafka.SourceRecordWire;
import java.io.IOException;

/** A record of a JSON source on the map topic: the JSON object the record path selected, as it is. */
public final class JsonRecordWire implements SourceRecordWire {

    @Override
    public String kind() {
        return "json-record";
    }

    @Override
    public boolean writes(SourceRecord record) {
        return record instanceof JsonRecord;
    }

    @Override
    public JsonNode write(SourceRecord record, ObjectMapper json) {
        return json.createObjectNode().set("object", ((JsonRecord) record).node());
    }

    @Override
    public SourceRecord read(String sourceName, SourceLocation location, String contentHash, JsonNode values,
                             ObjectMapper json) throws IOException {
        JsonNode object = values == null ? null : values.get("object");
        if (object == null || object.isNull()) {
            throw new IOException("a JSON record without its object");
        }
        return new JsonRecord(sourceName, location, contentHash, object);
    }
}
