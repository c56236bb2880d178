package io.chartbridge.engine.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rows of CSV, fixed-width and database sources: their fields as a JSON object, in source order. */
public final class FlatRecordWire implements SourceRecordWire {

    @Override
    public String kind() {
        return "flat";
    }

    @Override
    public boolean writes(SourceRecord record) {
        return record instanceof FlatRecord;
    }

    @Override
    public JsonNode write(SourceRecord record, ObjectMapper json) {
        ObjectNode values = json.createObjectNode();
        ((FlatRecord) record).fields().forEach(values::put);
        return values;
    }

    @Override
    public SourceRecord read(String sourceName, SourceLocation location, String contentHash, JsonNode values,
                             ObjectMapper json) throws IOException {
        if (values == null || !values.isObject()) {
            throw new IOException("a flat record's values must be an object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : values.properties()) {
            if (!f.getValue().isNull() && !f.getValue().isTextual()) {
                throw new IOException("a flat record's values must be text");
            }
            fields.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
        }
        return new FlatRecord(sourceName, location, contentHash, fields);
    }
}
