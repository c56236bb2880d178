package io.chartbridge.connector.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    static ObjectNode build(String baseUrl, WriteMode mode, Intent intent, List<MappedResource> batch) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode bundle = json.objectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        for (MappedResource r : batch) {
            ObjectNode entry = entries.addObject();
            // An absolute fullUrl lets the server resolve "Patient/{id}" references between entries of the bundle,
            // including to resources it creates under its own ids (conditional create).
            entry.put("fullUrl", baseUrl + "/" + r.type() + "/" + r.id());
            ObjectNode request = json.objectNode();
            String search = r.identifier() == null ? null : identifierSearch(r.identifier());
            if (mode == WriteMode.CONDITIONAL && search != null && intent == Intent.CREATE) {
                entry.set("resource", r.json());
                request.put("method", "POST");
                request.put("url", r.type());
                request.put("ifNoneExist", search);
            } else if (mode == WriteMode.CONDITIONAL && search != null) {
                // The server may hold the resource under an id it assigned; an id in the body that differs from the
                // matched resource's id is an error (FHIR http.html#cond-update), so the body carries none.
                ObjectNode withoutId = r.json().deepCopy();
                withoutId.remove("id");
                entry.set("resource", withoutId);
                request.put("method", "PUT");
                request.put("url", r.type() + "?" + search);
            } else {
                entry.set("resource", r.json());
                request.put("method", "PUT");
                request.put("url", r.type() + "/" + r.id());
            }
            entry.set("request", request);
        }
        return bundle;
    }

    /**
     * The search {@code identifier=system|value} for a mapped identifier ({@code system|value}, or a bare value),
     * with system and value URL-encoded so that characters such as {@code &}, {@code =} or spaces in them do not
     * change the query.
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

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
