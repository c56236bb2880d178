package io.chartbridge.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WireMock extension that behaves like a small FHIR server for the dashboard's end-to-end test: it answers
 * transactions entry by entry (201 Created), remembers each resource it was sent, and answers a GET of
 * {@code Type/id} with what it holds (404 otherwise), so the report's read-back sample has something to read.
 */
final class FhirServerStub implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> held = new ConcurrentHashMap<>();

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        try {
            if (event.getRequest().getMethod().getName().equals("GET")) {
                String path = event.getRequest().getUrl().replaceFirst("^/fhir/", "").replaceFirst("\\?.*$", "");
                JsonNode r = held.get(path);
                return r == null ? ResponseDefinitionBuilder.responseDefinition().withStatus(404).build()
                        : fhirJson(200, r.toString());
            }
            JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
            ObjectNode response = JSON.createObjectNode().put("resourceType", "Bundle")
                    .put("type", "transaction-response");
            ArrayNode entries = response.putArray("entry");
            for (JsonNode e : request.path("entry")) {
                String ref = e.path("resource").path("resourceType").asText() + "/" + e.path("resource").path("id")
                        .asText();
                held.put(ref, e.path("resource"));
                entries.addObject().putObject("response").put("status", "201 Created")
                        .put("location", ref + "/_history/1").put("etag", "W/\"1\"");
            }
            return fhirJson(200, JSON.writeValueAsString(response));
        } catch (Exception e) {
            return new ResponseDefinition(400, "not a transaction bundle");
        }
    }

    private static ResponseDefinition fhirJson(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/fhir+json").withBody(body).build();
    }

    /** Changes a resource the server holds, as a server or a person editing it after the load would. */
    void edit(String reference, java.util.function.Consumer<ObjectNode> change) {
        change.accept((ObjectNode) held.get(reference));
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return "fhir-server-stub";
    }
}
