package io.chartbridge.engine.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The explicit, versioned JSON form of the records that travel between stages (never Java serialisation: a message
 * must be readable by a worker of another build, and refused in one line when it is not).
 * <pre>
 * {"schema": "chartbridge.stage-records", "version": 1, "runId": 7, "withValues": true,
 *  "records": [{"itemId": 12, "source": "patients", "location": {"file": ..., "unit": "row", "position": 3},
 *               "contentHash": "...", "kind": "flat", "values": {...}, "mapped": {...}, "loadable": true}]}
 * </pre>
 * A reader refuses another schema and any later version: a message it cannot fully read goes to the dead-letter topic
 * instead of being read in part. Adding an optional field keeps the version; anything else raises it.
 */
public final class StageMessageCodec {

    public static final String SCHEMA = "chartbridge.stage-records";
    public static final int VERSION = 1;

    // FHIR decimals keep their precision (70 is not 70.0): numbers are read back as exact BigDecimals, as written.
    private final ObjectMapper json = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();
    private final List<SourceRecordWire> wires;

    /** @param wires the record kinds the application lets travel, besides flat rows */
    public StageMessageCodec(List<SourceRecordWire> wires) {
        List<SourceRecordWire> all = new ArrayList<>(wires);
        all.add(new FlatRecordWire());
        this.wires = List.copyOf(all);
    }

    public byte[] encode(StageMessage message) {
        ObjectNode root = json.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("version", VERSION);
        root.put("runId", message.runId());
        root.put("withValues", message.withValues());
        ArrayNode records = root.putArray("records");
        for (StageRecord r : message.records()) {
            ObjectNode node = records.addObject();
            node.put("itemId", r.itemId());
            node.put("source", r.sourceName());
            node.set("location", json.valueToTree(r.record().location()));
            node.put("contentHash", r.record().contentHash());
            if (message.withValues()) {
                SourceRecordWire wire = wireFor(r.record());
                node.put("kind", wire.kind());
                node.set("values", wire.write(r.record(), json));
            }
            if (r.mapped() != null) {
                node.set("mapped", json.valueToTree(r.mapped()));
            }
            node.put("loadable", r.loadable());
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a stage message: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether records of this kind can travel with their values (the map topic). */
    public boolean carries(SourceRecord record) {
        return wires.stream().anyMatch(w -> w.writes(record));
    }

    private SourceRecordWire wireFor(SourceRecord record) {
        return wires.stream().filter(w -> w.writes(record)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Records of type " + record.getClass().getSimpleName()
                        + " cannot travel between stages on Kafka yet (docs/adr/019)"));
    }

    public StageMessage decode(byte[] bytes) throws UndecodableMessageException {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw new UndecodableMessageException("not JSON: " + firstLine(e.getMessage()), null, List.of(), e);
        }
        if (root == null || !root.isObject()) {
            throw new UndecodableMessageException("not a JSON object", null, List.of(), null);
        }
        Long runId = root.path("runId").canConvertToLong() ? root.path("runId").asLong() : null;
        List<Long> itemIds = new ArrayList<>();
        root.path("records").forEach(r -> {
            if (r.path("itemId").canConvertToLong()) {
                itemIds.add(r.path("itemId").asLong());
            }
        });
        String schema = root.path("schema").asText(null);
        int version = root.path("version").asInt(-1);
        if (!SCHEMA.equals(schema) || version < 1 || version > VERSION) {
            throw new UndecodableMessageException("schema " + schema + " version " + root.path("version")
                    + "; this build reads " + SCHEMA + " version 1 to " + VERSION, runId, itemIds, null);
        }
        try {
            if (runId == null) {
                throw new IOException("no runId");
            }
            boolean withValues = root.path("withValues").asBoolean(false);
            List<StageRecord> records = new ArrayList<>();
            JsonNode list = root.path("records");
            if (!list.isArray()) {
                throw new IOException("no records");
            }
            for (JsonNode r : list) {
                records.add(record(r, withValues));
            }
            return new StageMessage(runId, withValues, records);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new UndecodableMessageException("a record cannot be read: " + firstLine(e.getMessage()), runId,
                    itemIds, e);
        }
    }

    private StageRecord record(JsonNode r, boolean withValues) throws IOException {
        if (!r.path("itemId").canConvertToLong()) {
            throw new IOException("a record without itemId");
        }
        String source = text(r, "source");
        SourceLocation location = json.treeToValue(required(r, "location"), SourceLocation.class);
        String hash = text(r, "contentHash");
        SourceRecord record;
        if (withValues) {
            String kind = text(r, "kind");
            SourceRecordWire wire = wires.stream().filter(w -> w.kind().equals(kind)).findFirst()
                    .orElseThrow(() -> new IOException("unknown record kind '" + kind + "'"));
            record = wire.read(source, location, hash, r.get("values"), json);
        } else {
            record = new LocatedRecord(source, location, hash);
        }
        MappedRecord mapped = r.hasNonNull("mapped") ? json.treeToValue(r.get("mapped"), MappedRecord.class) : null;
        return new StageRecord(r.get("itemId").asLong(), source, record, mapped, r.path("loadable").asBoolean(false));
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("a record without " + field);
        }
        return v;
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode v = required(node, field);
        if (!v.isTextual()) {
            throw new IOException(field + " is not text");
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
