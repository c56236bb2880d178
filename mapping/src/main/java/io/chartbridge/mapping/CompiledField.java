package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.mapping.transform.JsonTransform;
import io.chartbridge.mapping.transform.Transform;

/**
 * One field of a compiled mapping: where its value comes from, its transforms, and its leaf in the output tree.
 * A value comes from exactly one of {@code from}, {@code template}, {@code constant}, {@code ref} or {@code items};
 * an {@code else:} branch is a field of its own without a leaf.
 *
 * @param label       how errors name the field: the source column for {@code from}, else the output path
 * @param path        the output path as written (null for an else branch)
 * @param from        source path, or null
 * @param join        with {@code from}: the text between every value at the path (all repetitions), or null for the
 *                    first value only
 * @param template    source template, or null
 * @param constant    constant value already converted to JSON, or null
 * @param ref         reference to another resource, or null
 * @param items       one list item per repetition ({@code forEach} with {@code fields}), or null
 * @param when        condition for writing the field at all, or null for always
 * @param ifCondition condition for this value; when it does not hold, {@code otherwise} gives the value
 * @param otherwise   the {@code else:} branch, or null (then no value when {@code ifCondition} does not hold)
 * @param transforms  applied in order
 * @param last        a last step that writes JSON itself (a Coding), or null
 * @param required    a blank result quarantines the record
 * @param type        JSON type of the output
 * @param leaf        leaf number in the resource's {@code OutputTemplate} (-1 for an else branch)
 */
record CompiledField(String label, String path, String from, String join, SourceTemplate template, JsonNode constant,
                     CompiledRef ref, CompiledItems items, RecordCondition when, RecordCondition ifCondition,
                     CompiledField otherwise, Transform[] transforms, JsonTransform last, boolean required,
                     ValueType type, int leaf) {

    /** The field's JSON value for the record, or null when blank or its condition does not hold. */
    JsonNode evaluate(SourceRecord record, RecordScope scope) throws MappingException {
        if (when != null && !when.test(record)) {
            return null;
        }
        JsonNode json = value(record, scope);
        if (json == null && required) {
            throw new MappingException("required but blank");
        }
        return json;
    }

    private JsonNode value(SourceRecord record, RecordScope scope) throws MappingException {
        if (ifCondition != null && !ifCondition.test(record)) {
            return otherwise == null ? null : otherwise.value(record, scope);
        }
        if (items != null) {
            return items.render(record, scope);
        }
        if (constant != null) {
            return constant;
        }
        String value;
        if (ref != null) {
            value = ref.render(record);
        } else {
            value = from == null ? template.render(record) : join == null ? record.value(from) : joined(record);
        }
        value = scope.clean(label, value);
        for (Transform transform : transforms) {
            value = transform.apply(value, scope);
            if (value != null && value.isBlank()) {
                value = null;
            }
        }
        if (value == null) {
            return null;
        }
        return last != null ? last.toJson(value, scope) : type.toJson(value);
    }

    private String joined(SourceRecord record) {
        java.util.List<String> all = record.values(from);
        return all.isEmpty() ? null : String.join(join, all);
    }
}
