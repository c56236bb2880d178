package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.mapping.transform.JsonTransform;
import io.chartbridge.mapping.transform.Transform;

/**
 * One field of a compiled mapping: where its value comes from, its transforms, and its leaf in the output tree.
 *
 * @param label      how errors name the field: the source column for {@code from}, else the output path
 * @param path       the output path as written
 * @param from       source path, or null
 * @param template   source template, or null
 * @param constant   constant value already converted to JSON, or null
 * @param ref        reference to another resource, or null
 * @param when       condition for writing the field, or null for always
 * @param transforms applied in order
 * @param last       a last step that writes JSON itself (a Coding), or null
 * @param required   a blank result quarantines the record
 * @param type       JSON type of the output
 * @param leaf       leaf number in the resource's {@code OutputTemplate}
 */
record CompiledField(String label, String path, String from, SourceTemplate template, JsonNode constant, CompiledRef ref,
                     RecordCondition when, Transform[] transforms, JsonTransform last, boolean required,
                     ValueType type, int leaf) {

    /** The field's JSON value for the record, or null when blank or its condition does not hold. */
    JsonNode evaluate(SourceRecord record, RecordScope notes) throws MappingException {
        if (when != null && !when.test(record)) {
            return null;
        }
        if (constant != null) {
            return constant;
        }
        String value;
        if (ref != null) {
            value = ref.render(record);
        } else {
            value = from != null ? record.value(from) : template.render(record);
        }
        value = notes.clean(label, value);
        for (Transform transform : transforms) {
            value = transform.apply(value, notes);
            if (value != null && value.isBlank()) {
                value = null;
            }
        }
        JsonNode json = null;
        if (value != null) {
            json = last != null ? last.toJson(value, notes) : type.toJson(value);
        }
        if (json == null && required) {
            throw new MappingException("required but blank");
        }
        return json;
    }
}
