package io.chartbridge.app.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.connector.ccda.CcdaDocumentRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.engine.kafka.SourceRecordWire;
import java.io.IOException;

/**
 * A C-CDA document on the map topic: the document's own bytes (base64), parsed again where they arrive with the
 * reader's hardened parser. A document's mapping reads it with XPath over the whole tree (entries, ancestors, the
 * original bytes for a DocumentReference), so the document travels whole rather than as a copy of its tree.
 */
public final class CcdaDocumentWire implements SourceRecordWire {

    @Override
    public String kind() {
        return "ccda-document";
    }

    @Override
    public boolean writes(SourceRecord record) {
        return record instanceof CcdaDocumentRecord;
    }

    @Override
    public JsonNode write(SourceRecord record, ObjectMapper json) {
        return json.createObjectNode().put("xml", ((CcdaDocumentRecord) record).originalBytes());
    }

    @Override
    public SourceRecord read(String sourceName, SourceLocation location, String contentHash, JsonNode values,
                             ObjectMapper json) throws IOException {
        JsonNode xml = values == null ? null : values.get("xml");
        if (xml == null || !xml.isTextual()) {
            throw new IOException("a C-CDA document without its bytes");
        }
        return CcdaDocumentRecord.fromBytes(sourceName, location, contentHash, xml.binaryValue());
    }
}
