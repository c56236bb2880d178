package io.chartbridge.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ContentHash;
import java.util.Map;
import java.util.TreeMap;

/**
 * Content hashes of resources the application builds or changes itself (linked references, DocumentReferences),
 * computed as the mapping engine computes them: SHA-256 of the JSON with sorted keys, without {@code meta}.
 */
public final class ResourceHashes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResourceHashes() {
    }

    public static String of(ObjectNode resource) {
        ObjectNode copy = resource.deepCopy();
        copy.remove("meta");
        return ContentHash.of(canonical(copy).toString());
    }

    private static JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            obj.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode out = JSON.createObjectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node instanceof ArrayNode arr) {
            ArrayNode out = JSON.createArrayNode();
            arr.forEach(child -> out.add(canonical(child)));
            return out;
        }
        return node;
    }
}
