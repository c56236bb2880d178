package io.chartbridge.app.run;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of a FHIR resource: everything HAPI's R4 validator judges it by, with the values it cannot judge
 * masked. Two resources of one shape get the same verdict from the validator's structural, cardinality and
 * invariant checks, so {@link ResourceValidation} runs the validator once per shape (ADR 008).
 *
 * <p>Kept verbatim: element names and nesting, whether a list has one item or several and the distinct shapes of
 * its items, {@code code} and {@code boolean} values (invariants
 * such as "no clinicalStatus when entered-in-error" read them), the resource type a reference points to, and the
 * order of a Period's start and end or a Range's low and high (per-1, rng-2). Masked: free text ({@code string},
 * {@code markdown}) by whether it is blank, ids (and the id part of a reference) by whether they match FHIR's id
 * pattern; dates, uris and the rest by their pattern of characters (runs of letters as {@code a}, of digits as
 * {@code 9}, or in dates and times as up to four {@code 9}s, of both as {@code x}), so "1980-05-01" and "1980-5-1"
 * differ but two birth dates in one format do not. The strict parser still checks every value's own format, per resource.
 */
final class ResourceShape {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final FhirContext fhir;

    ResourceShape(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** The shape of a resource as JSON; unknown resource types are masked without definitions. */
    String of(JsonNode resource) {
        StringBuilder out = new StringBuilder(256);
        String type = resource.path("resourceType").asText("");
        BaseRuntimeElementCompositeDefinition<?> def = resourceDefinition(type);
        object(out, resource, def);
        return out.toString();
    }

    private BaseRuntimeElementCompositeDefinition<?> resourceDefinition(String type) {
        try {
            return type.isEmpty() ? null : fhir.getResourceDefinition(type);
        } catch (RuntimeException unknownType) {
            return null;
        }
    }

    private void object(StringBuilder out, JsonNode node, BaseRuntimeElementCompositeDefinition<?> def) {
        out.append('{');
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            out.append(name).append(':');
            if (name.equals("resourceType")) {
                out.append(field.getValue().asText());
            } else {
                value(out, name, field.getValue(), childDefinition(def, name));
            }
            out.append(',');
        }
        order(out, node, "start", "end");
        order(out, node.path("low"), node.path("high"));
        out.append('}');
    }

    private void value(StringBuilder out, String name, JsonNode value, BaseRuntimeElementDefinition<?> def) {
        if (value.isArray()) {
            // R4 core limits no repeating element to a count other than 1 or many, so a list's shape is whether it
            // has one item or several, and the distinct shapes of its items.
            Set<String> items = new LinkedHashSet<>();
            for (JsonNode item : value) {
                StringBuilder one = new StringBuilder();
                value(one, name, item, def);
                items.add(one.toString());
            }
            out.append('[').append(value.size() > 1 ? "*" : String.valueOf(value.size())).append(':');
            items.forEach(item -> out.append(item).append(';'));
            out.append(']');
        } else if (value.isObject()) {
            BaseRuntimeElementCompositeDefinition<?> composite =
                    def instanceof BaseRuntimeElementCompositeDefinition<?> c ? c : null;
            if (value.has("resourceType")) {
                composite = resourceDefinition(value.path("resourceType").asText(""));
            }
            object(out, value, composite);
        } else if (value.isTextual()) {
            text(out, name, value.asText(), def instanceof RuntimePrimitiveDatatypeDefinition p ? p.getName() : null);
        } else if (value.isNumber()) {
            double d = value.asDouble();
            out.append(d < 0 ? "#n-" : d == 0 ? "#n0" : "#n").append(value.isIntegralNumber() ? 'i' : 'd');
        } else {
            out.append(value.asText());
        }
    }

    private static void text(StringBuilder out, String name, String text, String primitiveType) {
        if (primitiveType == null && name.equals("div")) {
            out.append(text);
            return;
        }
        switch (primitiveType == null ? "" : primitiveType) {
            case "code", "boolean" -> out.append('"').append(text).append('"');
            case "string", "markdown" -> out.append(text.isBlank() ? "#blank" : text.strip().equals(text) ? "#s" : "#s~");
            case "base64Binary" -> out.append(text.isEmpty() ? "#blank" : "#b64");
            case "id" -> id(out, text);
            case "date", "dateTime", "instant", "time" -> pattern(out, text, true);
            default -> {
                int slash = text.indexOf('/');
                if (name.equals("reference") && slash > 0 && text.indexOf('/', slash + 1) < 0) {
                    out.append(text, 0, slash).append('/');
                    id(out, text.substring(slash + 1));
                } else {
                    pattern(out, text, false);
                }
            }
        }
    }

    /**
     * Runs of letters as {@code a}, runs of digits as {@code 9} (as up to four {@code 9}s in dates and times, where
     * the number of digits is the format), runs mixing both (hex, codes like "A1C") as {@code x}, every other
     * character as itself.
     */
    static void pattern(StringBuilder out, String text, boolean digitCounts) {
        out.append('"');
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                out.append(c);
                i++;
                continue;
            }
            int start = i;
            boolean digits = false;
            boolean letters = false;
            while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                if (Character.isDigit(text.charAt(i))) {
                    digits = true;
                } else {
                    letters = true;
                }
                i++;
            }
            if (digits && letters) {
                out.append('x');
            } else if (letters) {
                out.append('a');
            } else {
                out.append("9999", 0, digitCounts ? Math.min(4, i - start) : 1);
            }
        }
        out.append('"').append(text.length() > 64 ? "+" : "");
    }

    /** Ids are judged by their own rule (FHIR's id pattern) only; deterministic ids are hashes of any pattern. */
    private static void id(StringBuilder out, String id) {
        if (ID.matcher(id).matches()) {
            out.append("#id");
        } else {
            pattern(out, id, false);
        }
    }

    private static void order(StringBuilder out, JsonNode node, String first, String second) {
        JsonNode a = node.path(first);
        JsonNode b = node.path(second);
        if (a.isTextual() && b.isTextual()) {
            int n = Math.min(a.asText().length(), b.asText().length());
            out.append(a.asText().substring(0, n).compareTo(b.asText().substring(0, n)) <= 0 ? "#ordered" : "#reversed");
        }
    }

    private static void order(StringBuilder out, JsonNode low, JsonNode high) {
        if (low.path("value").isNumber() && high.path("value").isNumber()) {
            out.append(low.path("value").decimalValue().compareTo(high.path("value").decimalValue()) <= 0
                    ? "#ordered" : "#reversed");
        }
    }

    private static BaseRuntimeElementDefinition<?> childDefinition(BaseRuntimeElementCompositeDefinition<?> def,
                                                                   String name) {
        if (def == null) {
            return null;
        }
        try {
            BaseRuntimeChildDefinition child = def.getChildByName(name);
            return child == null ? null : child.getChildByName(name);
        } catch (RuntimeException notAChild) {
            return null;
        }
    }
}
