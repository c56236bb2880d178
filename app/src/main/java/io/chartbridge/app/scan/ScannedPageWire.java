package io.chartbridge.app.scan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.connector.scans.ExtractedField;
import io.chartbridge.connector.scans.ScannedPageRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.engine.kafka.SourceRecordWire;
import java.io.IOException;
import java.util.List;

/**
 * A scanned page read into fields, on the map topic: its fields with their confidence and box, the page's text and
 * why it needs review, so that the map stage of a worker raises the same review questions as one process would.
 */
public final class ScannedPageWire implements SourceRecordWire {

    private static final TypeReference<List<ExtractedField>> FIELDS = new TypeReference<>() { };
    private static final TypeReference<List<String>> TEXTS = new TypeReference<>() { };

    @Override
    public String kind() {
        return "scanned-page";
    }

    @Override
    public boolean writes(SourceRecord record) {
        return record instanceof ScannedPageRecord;
    }

    @Override
    public JsonNode write(SourceRecord record, ObjectMapper json) {
        ScannedPageRecord page = (ScannedPageRecord) record;
        ObjectNode values = json.createObjectNode();
        values.put("documentKind", page.documentKind());
        values.put("templateName", page.templateName());
        values.set("fields", json.valueToTree(page.fields()));
        values.put("rawText", page.rawText());
        values.put("textSource", page.textSource().name());
        values.set("reviewReasons", json.valueToTree(page.reviewReasons()));
        values.put("file", page.file().toString());
        return values;
    }

    @Override
    public SourceRecord read(String sourceName, SourceLocation location, String contentHash, JsonNode values,
                             ObjectMapper json) throws IOException {
        if (values == null || !values.isObject() || !values.hasNonNull("textSource")) {
            throw new IOException("a scanned page without its values");
        }
        return new ScannedPageRecord(sourceName, location, contentHash, values.path("documentKind").asText(null),
                values.path("templateName").asText(null), json.treeToValue(values.get("fields"), json.getTypeFactory()
                        .constructType(FIELDS)), values.path("rawText").asText(null),
                ScannedPageRecord.TextSource.valueOf(values.get("textSource").asText()),
                json.treeToValue(values.get("reviewReasons"), json.getTypeFactory().constructType(TEXTS)),
                values.hasNonNull("file") ? java.nio.file.Path.of(values.get("file").asText()) : null);
    }
}
