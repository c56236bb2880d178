package io.chartbridge.app.review;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.review.ReviewPayloads.ValueTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a decision changes in a held record's mapped resources, as pure functions over FHIR JSON: linking rewrites
 * every reference to the incoming Patient to the chosen existing one (and drops the incoming Patient, which the
 * target already holds); a correction replaces the value at each target pointer. Public so the pipeline can apply a
 * {@code ReviewQueue.priorDecision} to a re-run's record the same way.
 */
public final class HeldRecordEdits {

    private HeldRecordEdits() {
    }

    /** Resources to load when the record is the existing patient {@code chosen} (e.g. "Patient/p-9"). */
    public static List<MappedResource> link(List<MappedResource> held, String incomingPatient, String chosen) {
        List<MappedResource> out = new ArrayList<>();
        for (MappedResource r : held) {
            if (r.reference().equals(incomingPatient)) {
                continue;
            }
            ObjectNode json = r.json().deepCopy();
            rewriteReferences(json, incomingPatient, chosen);
            out.add(rehash(r, json));
        }
        return out;
    }

    /**
     * Replaces the value at each target. A target whose pointer ends at an object (a Coding) gets the code's
     * system, code and display from {@code coding} (its old ones removed); otherwise the text value is set.
     *
     * @throws IllegalArgumentException when a target names a resource the record does not hold, or is a Coding and
     *                                  {@code coding} is empty
     */
    public static List<MappedResource> correct(List<MappedResource> held, List<ValueTarget> targets, String value,
                                        Optional<Map<String, String>> coding) {
        List<MappedResource> out = new ArrayList<>(held);
        for (ValueTarget t : targets) {
            int index = indexOf(out, t.reference());
            MappedResource r = out.get(index);
            ObjectNode json = r.json().deepCopy();
            JsonPointer pointer = JsonPointer.compile(t.pointer());
            JsonNode parent = json.at(pointer.head());
            String last = pointer.last().getMatchingProperty();
            JsonNode current = json.at(pointer);
            if (current.isObject()) {
                // A kept code (a Coding): only a code of its table replaces it, never the text as typed.
                ObjectNode c = (ObjectNode) current;
                Map<String, String> chosen = coding.orElseThrow(() -> new IllegalArgumentException("value: "
                        + t.reference() + t.pointer() + " is a Coding; it takes a code of its code table"));
                c.remove(List.of("system", "code", "display"));
                chosen.forEach(c::put);
            } else if (parent.isObject()) {
                ((ObjectNode) parent).put(last, value);
            } else if (parent.isArray()) {
                ((ArrayNode) parent).set(pointer.last().getMatchingIndex(), TextNode.valueOf(value));
            } else {
                throw new IllegalArgumentException("targets: " + t.pointer() + " does not exist in " + t.reference());
            }
            out.set(index, rehash(r, json));
        }
        return out;
    }

    private static int indexOf(List<MappedResource> resources, String reference) {
        for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i).reference().equals(reference)) {
                return i;
            }
        }
        throw new IllegalArgumentException("targets: the held record has no resource " + reference);
    }

    private static void rewriteReferences(JsonNode node, String from, String to) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            JsonNode ref = o.get("reference");
            if (ref != null && ref.isTextual() && ref.asText().equals(from)) {
                o.put("reference", to);
            }
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                rewriteReferences(it.next(), from, to);
            }
        } else if (node.isArray()) {
            node.forEach(child -> rewriteReferences(child, from, to));
        }
    }

    /** The content changed, so does its hash: keys sorted, meta left out, as the mapping hashes resources. */
    public static MappedResource rehash(MappedResource r, ObjectNode json) {
        return new MappedResource(r.type(), r.id(), json, r.identifier(), ContentHash.of(canonical(json, true)));
    }

    private static String canonical(JsonNode node, boolean top) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            StringBuilder s = new StringBuilder("{");
            for (String name : names) {
                if (top && name.equals("meta")) {
                    continue;
                }
                if (s.length() > 1) {
                    s.append(',');
                }
                s.append(TextNode.valueOf(name)).append(':').append(canonical(node.get(name), false));
            }
            return s.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder s = new StringBuilder("[");
            for (JsonNode child : node) {
                if (s.length() > 1) {
                    s.append(',');
                }
                s.append(canonical(child, false));
            }
            return s.append(']').toString();
        }
        return node.toString();
    }
}
