package io.chartbridge.app.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.connector.jsonxml.XmlElement;
import io.chartbridge.connector.jsonxml.XmlRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.engine.kafka.SourceRecordWire;
import java.io.IOException;

/**
 * A record of an XML source on the map topic: the selected element as the reader read it into memory (local names,
 * attributes in document order, own text, child elements), as JSON. No XML is parsed where it arrives.
 */
public final class XmlRecordWire implements SourceRecordWire {

    @Override
    public String kind() {
        return "xml-record";
    }

    @Override
    public boolean writes(SourceRecord record) {
        return record instanceof XmlRecord;
    }

    @Override
    public JsonNode write(SourceRecord record, ObjectMapper json) {
        return json.createObjectNode().set("element", json.valueToTree(((XmlRecord) record).element()));
    }

    @Override
    public SourceRecord read(String sourceName, SourceLocation location, String contentHash, JsonNode values,
                             ObjectMapper json) throws IOException {
        JsonNode element = values == null ? null : values.get("element");
        if (element == null || !element.isObject()) {
            throw new IOException("an XML record without its element");
        }
        return new XmlRecord(sourceName, location, contentHash, json.treeToValue(element, XmlElement.class));
    }
}
