package io.chartbridge.connector.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.LoadOutcome.Status;
import io.chartbridge.core.target.TargetRetry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Odd servers, pinned with WireMock: the load adapts to what the CapabilityStatement says (no transactions, no
 * batches, no client ids) and says in one line each what the project needs and the target lacks.
 */
class FhirTargetCapabilitiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FhirContext fhir;

    private WireMockServer server;
    private String base;

    @BeforeAll
    static void fhirContext() {
        fhir = FhirContext.forR4();
    }

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        base = "http://127.0.0.1:" + server.port() + "/fhir";
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private FhirRestTarget verified(String rest) {
        server.stubFor(get(urlEqualTo("/fhir/metadata")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json").withBody("""
                        {"resourceType":"CapabilityStatement","status":"active","kind":"instance",
                         "fhirVersion":"4.0.1","format":["json"],"rest":[%s]}""".formatted(rest))));
        FhirRestTarget target = new FhirRestTarget(new TargetSpec("fhir", null, base, WriteMode.PUT, 100, 1,
                AuthSpec.NONE), fhir, TargetRetry.NONE, FhirClients.SOCKET_TIMEOUT_MILLIS);
        target.verify();
        return target;
    }

    private static MappedResource patient() {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p-1");
        json.putArray("identifier").addObject().put("system", "urn:mrn").put("value", "100001");
        return new MappedResource("Patient", "p-1", json, "urn:mrn|100001", "hp");
    }

    private static MappedResource encounter() {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Encounter").put("id", "e-1")
                .put("status", "finished");
        json.putObject("subject").put("reference", "Patient/p-1");
        return new MappedResource("Encounter", "e-1", json, null, "he");
    }

    private static String batchResponse(String... locations) {
        StringBuilder entries = new StringBuilder();
        for (String l : locations) {
            entries.append(entries.isEmpty() ? "" : ",").append("{\"response\":{\"status\":\"201 Created\","
                    + "\"location\":\"").append(l).append("\"}}");
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[" + entries + "]}";
    }

    @Test
    void aServerWithBatchesOnlyGetsBatchesWithWhatIsReferredToFirst() throws Exception {
        FhirRestTarget target = verified("{\"mode\":\"server\",\"interaction\":[{\"code\":\"batch\"}]}");
        server.stubFor(post(urlPathMatching("/fhir/?")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody(batchResponse("Patient/p-1/_history/1"))));

        List<LoadOutcome> outcomes = target.load(List.of(encounter(), patient()));

        List<LoggedRequest> sent = server.findAll(anyRequestedFor(urlPathMatching("/fhir/?")));
        assertThat(sent).hasSize(2);
        JsonNode first = JSON.readTree(sent.get(0).getBodyAsString());
        JsonNode second = JSON.readTree(sent.get(1).getBodyAsString());
        assertThat(first.path("type").asText()).isEqualTo("batch");
        assertThat(first.path("entry").get(0).path("resource").path("resourceType").asText()).isEqualTo("Patient");
        assertThat(second.path("entry").get(0).path("resource").path("resourceType").asText())
                .isEqualTo("Encounter");
        assertThat(outcomes).extracting(LoadOutcome::status).containsExactly(Status.CREATED, Status.CREATED);
    }

    @Test
    void aServerWithoutTransactionsOrBatchesGetsOneRequestPerResourceInDependencyOrder() {
        FhirRestTarget target = verified("{\"mode\":\"server\"," + "\"interaction\":[{\"code\":\"history-system\"}]}");
        server.stubFor(put(urlPathEqualTo("/fhir/Patient/p-1")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", base + "/Patient/p-1/_history/1")
                .withHeader("Content-Type", "application/fhir+json").withBody("{\"resourceType\":\"Patient\","
                        + "\"id\":\"p-1\"}")));
        server.stubFor(put(urlPathEqualTo("/fhir/Encounter/e-1")).willReturn(aResponse().withStatus(200)
                .withHeader("Location", base + "/Encounter/e-1/_history/2")
                .withHeader("Content-Type", "application/fhir+json").withBody("{\"resourceType\":\"Encounter\","
                        + "\"id\":\"e-1\"}")));

        List<LoadOutcome> outcomes = target.load(List.of(encounter(), patient()));

        List<LoggedRequest> sent = server.findAll(anyRequestedFor(anyUrl()));
        assertThat(sent).extracting(LoggedRequest::getUrl)
                .containsExactly("/fhir/metadata", "/fhir/Patient/p-1", "/fhir/Encounter/e-1");
        assertThat(outcomes).extracting(LoadOutcome::status).containsExactly(Status.UPDATED, Status.CREATED);
    }

    @Test
    void aServerThatRefusesClientIdsCreatesUnderItsOwnIdsAndLaterReferencesUseThem() throws Exception {
        FhirRestTarget target = verified("""
                {"mode":"server","interaction":[{"code":"transaction"}],"resource":[
                  {"type":"Patient","updateCreate":false,"conditionalCreate":true,
                   "interaction":[{"code":"create"},{"code":"update"}]},
                  {"type":"Encounter","updateCreate":false,"interaction":[{"code":"create"},{"code":"update"}]}]}""");
        server.stubFor(post(urlPathMatching("/fhir/?")).inScenario("ids")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                        .withBody(batchResponse("Patient/901/_history/1"))).willSetStateTo("second"));
        server.stubFor(post(urlPathMatching("/fhir/?")).inScenario("ids").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                        .withBody(batchResponse("Encounter/902/_history/1"))));

        LoadOutcome p = target.load(List.of(patient())).get(0);
        LoadOutcome e = target.load(List.of(encounter())).get(0);

        assertThat(p.targetId()).isEqualTo("901");
        assertThat(e.targetId()).isEqualTo("902");
        List<LoggedRequest> sent = server.findAll(anyRequestedFor(urlPathMatching("/fhir/?")));
        JsonNode patientEntry = JSON.readTree(sent.get(0).getBodyAsString()).path("entry").get(0);
        assertThat(patientEntry.path("request").path("method").asText()).isEqualTo("POST");
        assertThat(patientEntry.path("request").path("ifNoneExist").asText()).isEqualTo("identifier=urn%3Amrn|100001");
        JsonNode encounterEntry = JSON.readTree(sent.get(1).getBodyAsString()).path("entry").get(0);
        assertThat(encounterEntry.path("request").path("method").asText()).isEqualTo("POST");
        assertThat(encounterEntry.path("request").path("url").asText()).isEqualTo("Encounter");
        assertThat(encounterEntry.path("resource").path("subject").path("reference").asText())
                .isEqualTo("Patient/901");
        assertThat(encounterEntry.path("resource").has("id")).isFalse();
    }

    @Test
    void whatTheProjectNeedsAndTheTargetLacksIsOneLineEach() {
        FhirRestTarget target = verified("""
                {"mode":"server","interaction":[{"code":"transaction"}],"resource":[
                  {"type":"Patient","interaction":[{"code":"update"}],
                   "searchParam":[{"name":"identifier","type":"token"}]},
                  {"type":"Encounter","interaction":[{"code":"update"}]}]}""");

        List<String> gaps = target.capabilityGaps(Set.of("Patient", "Encounter", "Observation"), true);

        assertThat(gaps).containsExactlyInAnyOrder(
                "the target's CapabilityStatement does not list Observation, which this project loads",
                "the target does not list the Patient search parameter 'family' the match stage's candidate"
                        + " searches use",
                "the target does not list the Patient search parameter 'birthdate' the match stage's candidate"
                        + " searches use");
        assertThat(target.capabilityGaps(Set.of("Patient", "Encounter"), false)).isEmpty();
    }
}
