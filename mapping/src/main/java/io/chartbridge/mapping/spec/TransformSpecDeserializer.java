package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads {@code trim} or {@code {date: [...]}}. Any other shape becomes a spec without a name, so that the
 * compiler reports it with its line next to the other problems instead of stopping the whole parse.
 */
final class TransformSpecDeserializer extends StdDeserializer<TransformSpec> {

    TransformSpecDeserializer() {
        super(TransformSpec.class);
    }

    @Override
    public TransformSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return new TransformSpec(p.getText().trim(), null, line);
        }
        JsonNode node = ctxt.readTree(p);
        if (node.isObject() && node.size() == 1) {
            String name = node.fieldNames().next();
            return new TransformSpec(name, node.get(name), line);
        }
        return new TransformSpec(null, node, line);
    }
}
