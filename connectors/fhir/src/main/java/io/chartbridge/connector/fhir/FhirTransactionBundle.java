package io.chartbridge.connector.fhir;

import ca.uhn.fhir.rest.param.ParameterUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the transaction Bundle for one batch as JSON, straight from the mapped resources' JSON trees. Building the
 * JSON ourselves instead of parsing every resource into HAPI's model avoids a parse and re-encode per resource, and
 * sends exactly what the mapping produced.
 */
final class FhirTransactionBundle {

    /** Whether the batch writes resources the target does not hold yet, or new versions of resources it holds. */
    enum Intent { CREATE, UPDATE }

    private FhirTransactionBundle() {
    }

    /**
     * @param serverRefs references to resources the server holds under ids it assigned (conditional create), from
     *                   {@code Patient/ourId} to {@code Patient/serverId}; used only in CONDITIONAL mode
     */
    static ObjectNode build(String baseUrl, WriteMode mode, Intent intent, List<MappedResource> batch,
                            Map<String, String> serverRefs) {
        return build(baseUrl, type -> mode, type -> false, intent, batch, serverRefs);
    }

    /**
     * @param modeOf          how each resource type is written (the target may refuse client ids for some types)
     * @param serverAssignsId types whose ids only the target gives (it refuses client ids): a resource of such a type
     *                        without an identifier is created by a plain POST, and updated at the id it was given
     */
    static ObjectNode build(String baseUrl, java.util.function.Function<String, WriteMode> modeOf,
                            java.util.function.Predicate<String> serverAssignsId, Intent intent,
                            List<MappedResource> batch, Map<String, String> serverRefs) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode bundle = json.objectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        // In CONDITIONAL mode the server picks the ids of resources written through their identifier, so references
        // to them must not carry our ids: inside the bundle they point to the entry's urn:uuid placeholder, which the
        // server replaces with the id it chose; outside it, to the id the server chose earlier in this run.
        Map<String, String> placeholders = new HashMap<>();
        for (MappedResource r : batch) {
            if (modeOf.apply(r.type()) == WriteMode.CONDITIONAL) {
                if (r.identifier() != null && identifierSearch(r.identifier()) != null
                        || serverAssignsId.test(r.type()) && !serverRefs.containsKey(r.reference())) {
                    placeholders.put(r.reference(), "urn:uuid:" + placeholderUuid(r));
                }
            }
        }
        for (MappedResource r : batch) {
            ObjectNode entry = entries.addObject();
            ObjectNode request = json.objectNode();
            String placeholder = placeholders.get(r.reference());
            if (modeOf.apply(r.type()) == WriteMode.PUT) {
                entry.put("fullUrl", baseUrl + "/" + r.reference());
                ObjectNode resource = r.json();
                if (!placeholders.isEmpty() || !serverRefs.isEmpty()) {
                    // Types written by identifier in the same run (the target refuses client ids for them).
                    resource = resource.deepCopy();
                    rewriteReferences(resource, placeholders, serverRefs);
                }
                entry.set("resource", resource);
                request.put("method", "PUT");
                request.put("url", r.reference());
            } else {
                ObjectNode resource = r.json().deepCopy();
                rewriteReferences(resource, placeholders, serverRefs);
                String search = identifierSearch(r.identifier() == null ? "" : r.identifier());
                String given = serverRefs.get(r.reference());
                if (placeholder == null && given != null && search == null) {
                    // Created earlier at an id the server gave: updated there.
                    resource.put("id", given.substring(given.indexOf('/') + 1));
                    entry.put("fullUrl", baseUrl + "/" + given);
                    request.put("method", "PUT");
                    request.put("url", given);
                } else if (placeholder == null) {
                    entry.put("fullUrl", baseUrl + "/" + r.reference());
                    request.put("method", "PUT");
                    request.put("url", r.reference());
                } else if (search == null) {
                    // No identifier to find it by, and no client id allowed: a plain create, the server names it.
                    resource.remove("id");
                    entry.put("fullUrl", placeholder);
                    request.put("method", "POST");
                    request.put("url", r.type());
                } else {
                    // The server decides the id: an id in the body that differs from the matched resource's is an
                    // error (FHIR http.html#cond-update), so the body carries none.
                    resource.remove("id");
                    entry.put("fullUrl", placeholder);
                    if (intent == Intent.CREATE) {
                        request.put("method", "POST");
                        request.put("url", r.type());
                        request.put("ifNoneExist", search);
                    } else {
                        request.put("method", "PUT");
                        request.put("url", r.type() + "?" + search);
                    }
                }
                entry.set("resource", resource);
            }
            entry.set("request", request);
        }
        return bundle;
    }

    private static void rewriteReferences(JsonNode node, Map<String, String> placeholders,
                                          Map<String, String> serverRefs) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode reference = object.get("reference");
            if (reference != null && reference.isTextual()) {
                String to = placeholders.get(reference.asText());
                if (to == null) {
                    to = serverRefs.get(reference.asText());
                }
                if (to != null) {
                    object.put("reference", to);
                }
            }
            object.elements().forEachRemaining(child -> rewriteReferences(child, placeholders, serverRefs));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> rewriteReferences(child, placeholders, serverRefs));
        }
    }

    private static UUID placeholderUuid(MappedResource r) {
        try {
            return UUID.fromString(r.id());
        } catch (IllegalArgumentException notAUuid) {
            return UUID.nameUUIDFromBytes(r.reference().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The search {@code identifier=system|value} for a mapped identifier ({@code system|value}, or a bare value).
     * System and value are first escaped as FHIR search values ({@code \,} {@code \$} {@code \|} {@code \\}):
     * unescaped, an MRN {@code A,B} would be read as "A or B" and the record taken as present when A is. Then they
     * are URL-encoded so that characters such as {@code &}, {@code =} or spaces in them do not change the query.
     */
    static String identifierSearch(String identifier) {
        if (identifier.isBlank()) {
            return null;
        }
        int bar = identifier.indexOf('|');
        if (bar < 0) {
            return "identifier=" + encode(identifier);
        }
        String value = identifier.substring(bar + 1);
        if (value.isBlank()) {
            return null;
        }
        return "identifier=" + encode(identifier.substring(0, bar)) + "|" + encode(value);
    }

    /** HAPI's FHIR escaping, then URL encoding with a space as {@code %20} (a {@code +} reads as + or as a space). */
    private static String encode(String s) {
        return URLEncoder.encode(ParameterUtil.escape(s), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
