package io.chartbridge.matching.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The target EHR's patient count: one {@code Patient?_summary=count} search; a server that cannot count is no error. */
class FhirPatientCountTest {

    @RegisterExtension
    static final WireMockExtension server = FakeFhirSearches.server();

    private IGenericClient client;

    @BeforeEach
    void client() {
        client = FakeFhirSearches.client(server);
    }

    @Test
    void theSearchsTotalIsTheCount() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).withQueryParam("_summary", equalTo("count"))
                .willReturn(FakeFhirSearches.fhirJson("{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
                        + "\"total\":1234567}")));

        FhirPatientCount.Result r = FhirPatientCount.of(client);

        assertThat(r.patients()).hasValue(1_234_567);
        assertThat(r.problem()).isEmpty();
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
    }

    @Test
    void aServerErrorIsNoCountAndItsWordsAreNotKept() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/fhir+json").withBody("{\"resourceType\":\"OperationOutcome\","
                        + "\"issue\":[{\"severity\":\"error\",\"code\":\"exception\",\"diagnostics\":\"WHITCOMBE\"}]}")));

        FhirPatientCount.Result r = FhirPatientCount.of(client);

        assertThat(r.patients()).isEmpty();
        assertThat(r.problem()).contains("HTTP 500").doesNotContain("WHITCOMBE");
    }

    @Test
    void anAnswerWithoutATotalIsNoCount() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).willReturn(FakeFhirSearches.fhirJson(
                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}")));

        FhirPatientCount.Result r = FhirPatientCount.of(client);

        assertThat(r.patients()).isEmpty();
        assertThat(r.problem()).isEqualTo("no total in the answer");
    }

    @Test
    void anUnreachableServerIsNoCount() {
        IGenericClient nowhere = client.getFhirContext().newRestfulGenericClient("http://127.0.0.1:9/fhir");

        FhirPatientCount.Result r = FhirPatientCount.of(nowhere);

        assertThat(r.patients()).isEmpty();
        assertThat(r.problem()).isNotEmpty();
    }
}
