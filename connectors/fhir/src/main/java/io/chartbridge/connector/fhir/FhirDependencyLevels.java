package io.chartbridge.connector.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappedResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits resources sent together into levels: the first holds those that refer to none of the others, each next one
 * those that refer only to earlier levels. Resources that refer to each other in a circle share the last level.
 */
final class FhirDependencyLevels {

    private FhirDependencyLevels() {
    }

    static List<List<MappedResource>> of(List<MappedResource> resources) {
        Set<String> pending = new LinkedHashSet<>();
        resources.forEach(r -> pending.add(r.reference()));
        List<List<MappedResource>> levels = new ArrayList<>();
        List<MappedResource> left = new ArrayList<>(resources);
        while (!left.isEmpty()) {
            List<MappedResource> level = new ArrayList<>();
            for (MappedResource r : left) {
                Set<String> refs = new HashSet<>();
                collect(r.json(), refs);
                refs.remove(r.reference());
                refs.retainAll(pending);
                if (refs.isEmpty()) {
                    level.add(r);
                }
            }
            if (level.isEmpty()) {
                level.addAll(left);
            }
            left.removeAll(level);
            level.forEach(r -> pending.remove(r.reference()));
            levels.add(level);
        }
        return levels;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("reference");
            if (ref != null && ref.isTextual()) {
                out.add(ref.asText());
            }
            node.elements().forEachRemaining(child -> collect(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, out));
        }
    }
}
