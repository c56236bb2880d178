package io.chartbridge.mapping;

import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message-like record offering its OBX segments as children the way the HL7 connector's records do, so forEach
 * over segments is tested without depending on the connector.
 */
final class SegmentedTestRecord implements SourceRecord {

    private final FlatRecord message;
    private final List<Map<String, String>> obx;

    SegmentedTestRecord(Map<String, String> message, List<Map<String, String>> obx) {
        this.message = new FlatRecord("test", SourceLocation.ofLine("msg.hl7", 1), "hash", message);
        this.obx = obx;
    }

    @Override
    public List<SourceRecord> children(String name) {
        if (!name.equals("OBX")) {
            return null;
        }
        return obx.stream().<SourceRecord>map(fields -> {
            Map<String, String> merged = new java.util.HashMap<>(message.paths().stream()
                    .collect(java.util.stream.Collectors.toMap(p -> p, message::value)));
            merged.putAll(fields);
            return new FlatRecord("test", message.location(), "hash", merged);
        }).toList();
    }

    @Override
    public String sourceName() {
        return message.sourceName();
    }

    @Override
    public SourceLocation location() {
        return message.location();
    }

    @Override
    public String contentHash() {
        return message.contentHash();
    }

    @Override
    public String value(String path) {
        return message.value(path);
    }

    @Override
    public List<String> values(String path) {
        return message.values(path);
    }

    @Override
    public Set<String> paths() {
        return message.paths();
    }
}
