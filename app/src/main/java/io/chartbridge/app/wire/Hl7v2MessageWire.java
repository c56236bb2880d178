package io.chartbridge.app.wire;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.connector.hl7v2.Hl7v2MessageRecord;
import io.chartbridge.connector.hl7v2.Hl7v2Segment;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.engine.kafka.SourceRecordWire;
import java.io.IOException;
import java.util.List;

/**
 * An HL7 v2 message on the map topic: its segments as the reader parsed them (name, occurrence, and every field's
 * repetitions, components and subcomponents as text), so the worker reads every path as the coordinator would,
 * without parsing the message again.
 */
public final class Hl7v2MessageWire implements SourceRecordWire {

    private static final TypeReference<List<Hl7v2Segment>> SEGMENTS = new TypeReference<>() { };

    @Override
    public String kind() {
        return "hl7v2-message";
    }

    @Override
    public boolean writes(SourceRecord record) {
        return record instanceof Hl7v2MessageRecord;
    }

    @Override
    public JsonNode write(SourceRecord record, ObjectMapper json) {
        return json.createObjectNode().set("segments",
                json.valueToTree(((Hl7v2MessageRecord) record).parsedSegments()));
    }

    @Override
    public SourceRecord read(String sourceName, SourceLocation location, String contentHash, JsonNode values,
                             ObjectMapper json) throws IOException {
        JsonNode segments = values == null ? null : values.get("segments");
        if (segments == null || !segments.isArray() || segments.isEmpty()) {
            throw new IOException("an HL7 v2 message without its segments");
        }
        return new Hl7v2MessageRecord(sourceName, location, contentHash,
                json.treeToValue(segments, json.getTypeFactory().constructType(SEGMENTS)));
    }
}
