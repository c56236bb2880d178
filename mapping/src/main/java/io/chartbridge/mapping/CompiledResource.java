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
    /** Index in {@code fields} of the field that writes the top-level birthDate, or -1. */
    private final int birthDate;
    /** {@code duplicateKey: update}: a later record with the same key is meant to replace the resource. */
    private final boolean keyUpdates;
    private final DeterministicIds ids;

    CompiledResource(String type, String sourceSystem, SourceTemplate key, String identifierSystem,
                     SourceTemplate identifierValue, List<CompiledField> fields, OutputTemplate output,
                     RecordCondition when, Repetition forEach, boolean keyUpdates, DeterministicIds ids) {
        this.keyUpdates = keyUpdates;
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
        int found = -1;
        for (int i = 0; i < this.fields.length; i++) {
            if ("birthDate".equals(this.fields[i].path())) {
                found = i;
            }
        }
        this.birthDate = found;
    }

    /**
     * A birth date after today (in the first time zone to reach tomorrow, so no zone is wronged) is a misread date,
     * typically a two-digit year put in the wrong century: the record is quarantined, never loaded with it.
     */
    private static void checkBirthDate(JsonNode value, String label, RecordScope scope) {
        if (value == null || !value.isTextual()) {
            return;
        }
        String date = value.asText();
        String today = java.time.LocalDate.now(java.time.ZoneOffset.ofHours(14)).toString();
        if (date.length() <= today.length() && date.compareTo(today.substring(0, date.length())) > 0) {
            scope.problem(label, "birth date in the future (a two-digit year read in the wrong century, or a wrong date)");
        }
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

    /**
     * The keys this resource gets from the record when a later record with the same key would wrongly replace it
     * ({@code duplicateKey: quarantine}, the default); nothing for {@code duplicateKey: update}.
     */
    void keysToKeepApart(SourceRecord record, List<DeclarativeMapping.ResourceKey> into) {
        if (keyUpdates || (when != null && !when.test(record))) {
            return;
        }
        List<SourceRecord> repetitions;
        try {
            repetitions = forEach == null ? List.of(record) : forEach.expand(record);
        } catch (MappingException e) {
            return; // the mapping reports it
        }
        for (SourceRecord r : repetitions) {
            String k = key.render(r);
            if (k != null) {
                into.add(new DeclarativeMapping.ResourceKey(type, k, key.text()));
            }
        }
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
        String recordKey = scope.clean(type + " key " + key.text(), key.render(record));
        if (recordKey == null) {
            scope.problem(type + " key " + key.text(), "blank record key");
        }
        String identifier = null;
        if (identifierValue != null) {
            String value = scope.clean(type + " identifier " + identifierValue.text(), identifierValue.render(record));
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
        if (birthDate >= 0) {
            checkBirthDate(values[fields[birthDate].leaf()], fields[birthDate].label(), scope);
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
