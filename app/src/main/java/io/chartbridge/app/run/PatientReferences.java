package io.chartbridge.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Points a record's resources at the patient the matcher linked it to: the record's own Patient is dropped and
 * every {@code reference} to it is rewritten, with content hashes recomputed (without {@code meta}, as the mapping
 * computes them) so the ledger sees the change.
 */
final class PatientReferences {

    private PatientReferences() {
    }

    static List<MappedResource> relink(List<MappedResource> resources, String ownReference, String linkedReference) {
        List<MappedResource> out = new ArrayList<>();
        for (MappedResource r : resources) {
            if (r.reference().equals(ownReference)) {
                continue;
            }
            ObjectNode copy = r.json().deepCopy();
            if (rewrite(copy, ownReference, linkedReference)) {
                out.add(new MappedResource(r.type(), r.id(), copy, r.identifier(), hash(copy)));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Rewrites references through {@code resolve} (reference in, replacement or null out). With {@code rehash} the
     * content hashes are recomputed (a semantic change such as a patient link); without, they are kept (a transport
     * detail such as the id a server gave under conditional create).
     */
    static List<MappedResource> rewrite(List<MappedResource> resources, java.util.function.UnaryOperator<String> resolve,
                                        boolean rehash) {
        List<MappedResource> out = new ArrayList<>(resources.size());
        for (MappedResource r : resources) {
            ObjectNode copy = null;
            for (String ref : references(r.json())) {
                String to = resolve.apply(ref);
                if (to != null && !to.equals(ref)) {
                    if (copy == null) {
                        copy = r.json().deepCopy();
                    }
                    rewrite(copy, ref, to);
                }
            }
            out.add(copy == null ? r : new MappedResource(r.type(), r.id(), copy, r.identifier(),
                    rehash ? hash(copy) : r.contentHash()));
        }
        return out;
    }

    static java.util.Set<String> references(JsonNode node) {
        java.util.Set<String> refs = new java.util.LinkedHashSet<>();
        collect(node, refs);
        return refs;
    }

    private static void collect(JsonNode node, java.util.Set<String> refs) {
        if (node instanceof ObjectNode obj) {
            JsonNode ref = obj.get("reference");
            if (ref != null && ref.isTextual() && ref.asText().indexOf('/') > 0) {
                refs.add(ref.asText());
            }
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                collect(e.getValue(), refs);
            }
        } else if (node instanceof ArrayNode arr) {
            arr.forEach(child -> collect(child, refs));
        }
    }

    private static boolean rewrite(JsonNode node, String from, String to) {
        boolean changed = false;
        if (node instanceof ObjectNode obj) {
            JsonNode ref = obj.get("reference");
            if (ref != null && ref.isTextual() && ref.asText().equals(from)) {
                obj.put("reference", to);
                changed = true;
            }
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                changed |= rewrite(e.getValue(), from, to);
            }
        } else if (node instanceof ArrayNode arr) {
            for (JsonNode child : arr) {
                changed |= rewrite(child, from, to);
            }
        }
        return changed;
    }

    static String hash(ObjectNode resource) {
        return io.chartbridge.core.identity.ResourceContentHash.of(resource);
    }
}
