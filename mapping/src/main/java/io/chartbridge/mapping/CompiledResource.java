package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.mapping.output.OutputTemplate;
import io.chartbridge.core.mapping.MappingException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
    private final RecordCondition when;
    private final Repetition forEach;
    private final DeterministicIds ids;

    CompiledResource(String type, String sourceSystem, SourceTemplate key, String identifierSystem,
                     SourceTemplate identifierValue, List<CompiledField> fields, OutputTemplate output,
                     RecordCondition when, Repetition forEach, DeterministicIds ids) {
        this.ids = ids;
        this.when = when;
        this.forEach = forEach;
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

    /** Resource types this resource refers to through {@code ref:} fields of its own source system. */
    Set<String> referencedTypes() {
        Set<String> types = new LinkedHashSet<>();
        for (CompiledField field : fields) {
            if (field.ref() != null && field.ref().sourceSystem().equals(sourceSystem)) {
                types.add(field.ref().resourceType());
            }
        }
        return types;
    }

    /** Every source path the resource reads: key, identifier, conditions, repetition and fields. */
    void collectSourcePaths(Set<String> into) {
        if (forEach != null) {
            into.addAll(forEach.paths());
        }
        if (when != null) {
            into.addAll(when.paths());
        }
        into.addAll(key.paths());
        if (identifierValue != null) {
            into.addAll(identifierValue.paths());
        }
        for (CompiledField field : fields) {
            if (field.when() != null) {
                into.addAll(field.when().paths());
            }
            if (field.from() != null) {
                into.add(field.from());
            }
            if (field.template() != null) {
                into.addAll(field.template().paths());
            }
            if (field.ref() != null) {
                into.addAll(field.ref().key().paths());
            }
        }
        into.remove(RepetitionRecord.INDEX);
    }

    /**
     * Maps one record into zero (condition false, no repetitions), one, or several resources (one per
     * repetition); problems go to {@code scope} so that all of a record's problems are reported at once.
     */
    void mapInto(SourceRecord record, RecordScope scope, List<MappedResource> out) {
        if (when != null && !when.test(record)) {
            return;
        }
        if (forEach == null) {
            MappedResource r = map(record, scope);
            if (r != null) {
                out.add(r);
            }
            return;
        }
        List<SourceRecord> repetitions;
        try {
            repetitions = forEach.expand(record);
        } catch (MappingException e) {
            scope.problem(type, e.getMessage());
            return;
        }
        for (SourceRecord repetition : repetitions) {
            MappedResource r = map(repetition, scope);
            if (r != null) {
                out.add(r);
            }
        }
    }

    private MappedResource map(SourceRecord record, RecordScope scope) {
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
        String id = ids.idFor(sourceSystem, type, recordKey);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("resourceType", type);
        json.put("id", id);
        output.renderInto(json, values);
        scope.resourceBuilt(type + "/" + id, json);
        return new MappedResource(type, id, json, identifier, CanonicalJson.hash(json));
    }
}
