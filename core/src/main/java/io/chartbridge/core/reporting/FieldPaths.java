package io.chartbridge.core.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The element paths of a FHIR resource that hold a value, with array indexes left out: {@code name},
 * {@code name.family}, {@code name.given}, {@code identifier.value}. {@code resourceType}, {@code id}, {@code meta}
 * and {@code text} are left out (they say nothing about what was migrated). An element counts when something below
 * it is a non-blank value, so an empty object or array does not.
 */
public final class FieldPaths {

    private FieldPaths() {
    }

    public static Set<String> filled(JsonNode resource) {
        Set<String> paths = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : resource.properties()) {
            String name = e.getKey();
            if (!name.equals("resourceType") && !name.equals("id") && !name.equals("meta") && !name.equals("text")) {
                collect(e.getValue(), name, paths);
            }
        }
        return paths;
    }

    /** True when the node holds a value somewhere; adds its path and those of its filled children. */
    private static boolean collect(JsonNode node, String path, Set<String> into) {
        boolean filled = false;
        if (node.isArray()) {
            for (JsonNode item : node) {
                filled |= collect(item, path, into);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                filled |= collect(e.getValue(), path + "." + e.getKey(), into);
            }
        } else {
            filled = !node.isNull() && !(node.isTextual() && node.asText().isBlank());
        }
        if (filled) {
            into.add(path);
        }
        return filled;
    }
}
