package io.chartbridge.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Merge, don't drop (ADR 015): what a record linked to an existing patient adds to that patient, so that nothing a
 * legacy system knew about the person is lost. The record's identifiers are kept as they are (every MRN with its
 * system: the old number still finds the chart); its names, addresses and contact points are kept as {@code old}
 * entries (a maiden name stays {@code maiden}). Only what the patient does not carry already is added, and nothing
 * of the patient's own is changed or removed.
 *
 * <p>The merged patient is the patient's own content with every contribution applied in a fixed order (the linked
 * records' Patient ids), so every run builds the same resource whichever record comes first, and a re-run changes
 * nothing.
 */
final class PatientMerge {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Patient elements a linked record contributes. */
    private static final List<String> ELEMENTS = List.of("identifier", "name", "address", "telecom");

    private PatientMerge() {
    }

    /** What the linked record's own Patient adds to any patient: its identifiers, names, addresses, telecom. */
    static ObjectNode contribution(ObjectNode linkedPatient) {
        ObjectNode out = JSON.createObjectNode();
        for (String element : ELEMENTS) {
            ArrayNode values = JSON.createArrayNode();
            for (JsonNode v : linkedPatient.path(element)) {
                if (v instanceof ObjectNode o) {
                    values.add(element.equals("identifier") ? o.deepCopy() : asOld(o));
                }
            }
            if (!values.isEmpty()) {
                out.set(element, values);
            }
        }
        return out;
    }

    /** A name, address or contact point of a linked record, kept as history of the patient. */
    private static ObjectNode asOld(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        String use = copy.path("use").asText("");
        if (!use.equals("old") && !use.equals("maiden")) {
            copy.put("use", "old");
        }
        return copy;
    }

    /**
     * {@code base} with the contributions' elements it lacks appended, in order; {@code base} is not changed. An
     * element the patient carries already (the same identifier system and value, the same name, address or contact
     * point whatever its {@code use}) is not added again.
     */
    static ObjectNode apply(ObjectNode base, List<ObjectNode> contributions) {
        ObjectNode merged = base.deepCopy();
        for (String element : ELEMENTS) {
            Set<String> present = new HashSet<>();
            for (JsonNode v : merged.path(element)) {
                present.add(identity(element, v));
            }
            List<JsonNode> added = new ArrayList<>();
            for (ObjectNode c : contributions) {
                for (JsonNode v : c.path(element)) {
                    if (present.add(identity(element, v))) {
                        added.add(v.deepCopy());
                    }
                }
            }
            if (!added.isEmpty()) {
                ArrayNode array = merged.has(element) && merged.get(element).isArray()
                        ? (ArrayNode) merged.get(element) : merged.putArray(element);
                added.forEach(array::add);
            }
        }
        return merged;
    }

    /** Whether applying the contributions to {@code base} adds anything. */
    static boolean adds(ObjectNode base, List<ObjectNode> contributions) {
        return !apply(base, contributions).equals(base);
    }

    /** What makes two entries the same, whatever their {@code use}, period or display text. */
    private static String identity(String element, JsonNode v) {
        return switch (element) {
            case "identifier" -> text(v.path("system")) + '|' + text(v.path("value")).replace(" ", "")
                    .replace("-", "");
            case "name" -> text(v.path("family")) + '|' + text(v.path("given")) + '|' + text(v.path("prefix"))
                    + '|' + text(v.path("suffix"));
            case "address" -> text(v.path("line")) + '|' + text(v.path("city")) + '|' + text(v.path("postalCode"))
                    + '|' + text(v.path("state")) + '|' + text(v.path("country"));
            case "telecom" -> text(v.path("system")) + '|' + ("phone".equals(v.path("system").asText())
                    ? v.path("value").asText("").replaceAll("\\D", "") : text(v.path("value")));
            default -> v.toString();
        };
    }

    private static String text(JsonNode n) {
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(p -> parts.add(text(p)));
            return String.join(" ", parts);
        }
        return n.asText("").trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a patient merge in the ledger is not JSON", e);
        }
    }

    static String write(ObjectNode node) {
        return node.toString();
    }
}
