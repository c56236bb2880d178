package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.mapping.output.OutputTemplate;
import java.util.List;

/**
 * A field with {@code forEach} and {@code fields}: one item of the list at its path per repetition (a component per
 * row of a group, an identifier per repetition of PID-3), each item built from the item's fields as a resource is
 * built from its own. Items left empty are left out. Immutable.
 */
final class CompiledItems {

    private final Repetition repetition;
    private final CompiledField[] fields;
    private final OutputTemplate output;

    CompiledItems(Repetition repetition, List<CompiledField> fields, OutputTemplate output) {
        this.repetition = repetition;
        this.fields = fields.toArray(CompiledField[]::new);
        this.output = output;
    }

    /** The list for the record, or null when no repetition gives an item. */
    JsonNode render(SourceRecord record, RecordScope scope) throws MappingException {
        List<SourceRecord> repetitions = repetition.expand(record);
        ArrayNode list = null;
        for (SourceRecord item : repetitions) {
            JsonNode[] values = new JsonNode[output.leafCount()];
            for (CompiledField field : fields) {
                values[field.leaf()] = scope.evaluate(field, item);
            }
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            output.renderInto(object, values);
            if (!object.isEmpty()) {
                if (list == null) {
                    list = JsonNodeFactory.instance.arrayNode(repetitions.size());
                }
                list.add(object);
            }
        }
        return list;
    }

    CompiledField[] fields() {
        return fields;
    }

    Repetition repetition() {
        return repetition;
    }
}
