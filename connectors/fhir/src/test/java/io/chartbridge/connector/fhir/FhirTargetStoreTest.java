package io.chartbridge.connector.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.reconcile.TargetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact exchanges of the diff's and undo's target store, pinned with WireMock. */
class FhirTargetStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FhirContext fhir;
    private WireMockServer server;
    private FhirTargetStore store;

    @BeforeAll
    static void fhirContext() {
        fhir = FhirContext.forR4();
    }

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathEqualTo("/fhir/metadata")).willReturn(okJson("""
                {"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1",
                 "format":["json"],"date":"2026-01-01","rest":[{"mode":"server",
                 "interaction":[{"code":"transaction"},{"code":"batch"}],
                 "resource":[{"type":"Patient","searchParam":[{"name":"identifier","type":"token"}]},
                             {"type":"Observation","searchParam":[{"name":"patient","type":"reference"}]}]}]}""")));
        store = new FhirTargetStore(new TargetSpec("fhir", null, server.baseUrl() + "/fhir", WriteMode.PUT, 100, 2,
                AuthSpec.NONE), fhir);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void readsGoAsTwoIdSearchesOfFiftyInOneBatchAndAnIdAPageLeftOutIsReadAlone() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add("p" + i);
        }
        // The first search pages at 49 and says there is more; p49 is then read by itself. p99 does not exist.
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 49; i++) {
            first.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p").append(i)
                    .append("\"}}");
        }
        StringBuilder second = new StringBuilder();
        for (int i = 50; i < 99; i++) {
            second.append(i == 50 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p")
                    .append(i).append("\"}}");
        }
        server.stubFor(post(urlPathMatching("/fhir/?")).willReturn(okJson("""
                {"resourceType":"Bundle","type":"batch-response","entry":[
                  {"response":{"status":"200 OK"},"resource":{"resourceType":"Bundle","type":"searchset",
                    "link":[{"relation":"next","url":"http://x/fhir?_getpages=a"}],"entry":[%s]}},
                  {"response":{"status":"200 OK"},"resource":{"resourceType":"Bundle","type":"searchset",
                    "entry":[%s]}}]}""".formatted(first, second))));
        server.stubFor(get(urlPathEqualTo("/fhir/Patient/p49")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("{\"resourceType\":\"Patient\",\"id\":\"p49\"}")));

        Map<String, ObjectNode> read = store.read("Patient", ids);

        assertThat(read).hasSize(99).containsKey("p49").doesNotContainKey("p99");
        JsonNode batch = JSON.readTree(server.findAll(postRequestedFor(urlPathMatching("/fhir/?"))).get(0)
                .getBodyAsString());
        assertThat(batch.path("type").asText()).isEqualTo("batch");
        assertThat(batch.path("entry")).hasSize(2);
        assertThat(batch.path("entry").get(0).path("request").path("method").asText()).isEqualTo("GET");
        assertThat(batch.path("entry").get(0).path("request").path("url").asText())
                .startsWith("Patient?_id=p0%2Cp1%2C").endsWith("&_count=50");
    }

    @Test
    void onlyTypesThatTakeAPatientSearchAreSearchedForExtras() {
        assertThat(store.searchableByPatient(List.of("Observation", "Patient", "Condition")))
                .containsExactly("Observation");
    }

    @Test
    void aRestoreIsAnUpdateOnlyIfTheTargetStillHoldsTheVersionTheRunLeft() {
        server.stubFor(put(urlPathEqualTo("/fhir/Patient/p1")).willReturn(aResponse().withStatus(412)
                .withHeader("Content-Type", "application/fhir+json").withBody("""
                        {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"conflict",
                         "diagnostics":"version 4 is not 3"}]}""")));
        ObjectNode prior = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p1")
                .put("gender", "female");

        assertThatThrownBy(() -> store.restore("Patient", "p1", prior, "3"))
                .isInstanceOfSatisfying(TargetStore.TargetRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(412);
                    assertThat(e.getMessage()).contains("version 4 is not 3");
                });
        server.verify(putRequestedFor(urlPathEqualTo("/fhir/Patient/p1")).withHeader("If-Match", equalTo("W/\"3\"")));
    }

    @Test
    void theVersionBeforeIsTheNextOlderEntryOfTheHistoryAndADeletionMeansNone() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient/p1/_history")).willReturn(okJson("""
                {"resourceType":"Bundle","type":"history","entry":[
                 {"fullUrl":"http://x/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1",
                   "meta":{"versionId":"4"},"gender":"male"},"request":{"method":"PUT","url":"Patient/p1"}},
                 {"fullUrl":"http://x/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1",
                   "meta":{"versionId":"3"},"gender":"female"},"request":{"method":"PUT","url":"Patient/p1"}},
                 {"fullUrl":"http://x/fhir/Patient/p1/_history/2","request":{"method":"DELETE","url":"Patient/p1"}},
                 {"fullUrl":"http://x/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1",
                   "meta":{"versionId":"1"}},"request":{"method":"PUT","url":"Patient/p1"}}]}""")));

        assertThat(store.versionBefore("Patient", "p1", "4")).hasValueSatisfying(r ->
                assertThat(r.path("gender").asText()).isEqualTo("female"));
        assertThat(store.versionBefore("Patient", "p1", "3")).isEmpty();
    }
}
