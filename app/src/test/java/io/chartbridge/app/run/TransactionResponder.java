package io.chartbridge.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock extension that answers a FHIR transaction like a server would: one response entry per request entry,
 * 201 Created with the entry's location. Lets tests pin what was sent without scripting every answer.
 */
public final class TransactionResponder implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern REFERENCE =
            java.util.regex.Pattern.compile("\"reference\":\"([A-Z][A-Za-z]+/[A-Za-z0-9\\-.]+)\"");

    /** With {@code enforceReferences}, refuses as HAPI does a transaction that refers to a resource it lacks. */
    private final boolean enforceReferences;
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public TransactionResponder() {
        this(false);
    }

    TransactionResponder(boolean enforceReferences) {
        this.enforceReferences = enforceReferences;
    }

    /** Resources the server holds (with {@code enforceReferences}). */
    java.util.Set<String> held() {
        return held;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        try {
            JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
            if (request.toString().contains("Poison")) {
                // As a server refuses a whole transaction for one bad entry.
                return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
                        .withStatus(422).withHeader("Content-Type", "application/fhir+json")
                        .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                + "\"code\":\"processing\",\"diagnostics\":\"refused: poison entry\"}]}").build();
            }
            if (enforceReferences) {
                java.util.Set<String> inBundle = new java.util.HashSet<>();
                for (JsonNode e : request.path("entry")) {
                    inBundle.add(e.path("resource").path("resourceType").asText() + "/"
                            + e.path("resource").path("id").asText());
                }
                java.util.regex.Matcher m = REFERENCE.matcher(request.toString());
                while (m.find()) {
                    if (!inBundle.contains(m.group(1)) && !held.contains(m.group(1))) {
                        return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
                                .withStatus(400).withHeader("Content-Type", "application/fhir+json")
                                .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
                                        + "\"error\",\"code\":\"processing\",\"diagnostics\":\"HAPI-1094: Resource "
                                        + m.group(1) + " not found\"}]}").build();
                    }
                }
                held.addAll(inBundle);
            }
            ObjectNode response = JSON.createObjectNode().put("resourceType", "Bundle")
                    .put("type", "transaction-response");
            ArrayNode entries = response.putArray("entry");
            for (JsonNode e : request.path("entry")) {
                String type = e.path("resource").path("resourceType").asText();
                String id = e.path("resource").path("id").asText();
                entries.addObject().putObject("response").put("status", "201 Created")
                        .put("location", type + "/" + id + "/_history/1").put("etag", "W/\"1\"");
            }
            return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200).withHeader("Content-Type", "application/fhir+json")
                    .withBody(JSON.writeValueAsString(response)).build();
        } catch (Exception e) {
            return new ResponseDefinition(400, "not a transaction bundle");
        }
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return "transaction-responder";
    }
}
