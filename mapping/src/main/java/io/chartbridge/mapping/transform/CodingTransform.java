package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.mapping.codetable.CodeTable;

/**
 * {@code code: {table: icd9to10, output: coding}}: writes a whole Coding ({@code system}, {@code code},
 * {@code display}) from the table's target. With {@code onUnmapped: review}, an unmapped code is kept as the
 * original coding (the table's source system, when it declares one, and the code as written) and the record goes
 * to review, so nothing is lost and nothing is invented.
 */
final class CodingTransform implements JsonTransform {

    private final CodeTable table;
    private final CodeTransform.OnUnmapped onUnmapped;
    private final boolean review;
    private final String sourceSystem;
    private final String unmappedMessage;

    CodingTransform(String tableName, CodeTable table, CodeTransform.OnUnmapped onUnmapped, String sourceSystem) {
        this.table = table;
        this.onUnmapped = onUnmapped;
        this.review = onUnmapped == CodeTransform.OnUnmapped.REVIEW;
        this.sourceSystem = sourceSystem != null ? sourceSystem : table.sourceSystem();
        this.unmappedMessage = "code not in table '" + tableName + "'" + (review ? "; original coding kept" : "");
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        CodeTable.Target target = lookup(value, notes);
        if (target == null) {
            return onUnmapped == CodeTransform.OnUnmapped.OMIT ? null : value.strip();
        }
        return target.code();
    }

    @Override
    public JsonNode toJson(String value, ReviewNotes notes) throws MappingException {
        ObjectNode coding = JsonNodeFactory.instance.objectNode();
        CodeTable.Target target = lookup(value, notes);
        if (target == null && onUnmapped == CodeTransform.OnUnmapped.OMIT) {
            return null;
        }
        if (target == null) {
            if (sourceSystem != null) {
                coding.put("system", sourceSystem);
            }
            coding.put("code", value.strip());
            return coding;
        }
        if (target.system() != null) {
            coding.put("system", target.system());
        }
        coding.put("code", target.code());
        if (target.display() != null) {
            coding.put("display", target.display());
        }
        return coding;
    }

    private CodeTable.Target lookup(String value, ReviewNotes notes) throws MappingException {
        CodeTable.Target target = table.lookup(value);
        if (target != null) {
            return null == target.code() ? null : target;
        }
        if (onUnmapped == CodeTransform.OnUnmapped.QUARANTINE) {
            throw new MappingException(unmappedMessage);
        }
        if (onUnmapped == CodeTransform.OnUnmapped.OMIT) {
            return null;
        }
        notes.unmappedCode(unmappedMessage, value.strip(), table, sourceSystem);
        return null;
    }
}
