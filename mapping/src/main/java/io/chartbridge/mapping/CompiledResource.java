package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.mapping.output.OutputTemplate;
import java.util.List;

/**
 * One {@code resources} entry, compiled: the key and identifier templates, the fields, and the output shape.
 * Immutable.
 */
final class CompiledResource {

    private final String type;
    private final String sourceSystem;
    private final SourceTemplate key;
    private final String identifierSystem;
    private final SourceTemplate identifierValue;
    private final CompiledField[] fields;
    private final OutputTemplate output;

    CompiledResource(String type, String sourceSystem, SourceTemplate key, String identifierSystem,
                     SourceTemplate identifierValue, List<CompiledField> fields, OutputTemplate output) {
        this.type = type;
        this.sourceSystem = sourceSystem;
        this.key = key;
        this.identifierSystem = identifierSystem;
        this.identifierValue = identifierValue;
        this.fields = fields.toArray(CompiledField[]::new);
        this.output = output;
    }

    String type() {
        return type;
    }

    /** Maps one record; problems go to {@code scope} so that all of a record's problems are reported at once. */
    MappedResource map(SourceRecord record, RecordScope scope) {
        String recordKey = key.render(record);
        if (recordKey == null) {
            scope.problem(type + " key " + key.text(), "blank record key");
        }
        String identifier = null;
        if (identifierValue != null) {
            String value = identifierValue.render(record);
            if (value == null) {
                scope.problem(type + " identifier " + identifierValue.text(),
                        "blank identifier value (needed for conditional create)");
            } else {
                identifier = identifierSystem + "|" + value;
            }
        }
        JsonNode[] values = new JsonNode[output.leafCount()];
        for (CompiledField field : fields) {
            values[field.leaf()] = scope.evaluate(field, record);
        }
        if (scope.hasProblems()) {
            return null;
        }
        String id = DeterministicIds.idFor(sourceSystem, type, recordKey);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("resourceType", type);
        json.put("id", id);
        output.renderInto(json, values);
        return new MappedResource(type, id, json, identifier, CanonicalJson.hash(json));
    }
}
