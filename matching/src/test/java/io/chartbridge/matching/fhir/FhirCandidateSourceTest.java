package io.chartbridge.matching.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.TestPatients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

class FhirCandidateSourceTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static WireMockServer server;
    private IGenericClient client;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FHIR.newRestfulGenericClient("http://127.0.0.1:" + server.port() + "/fhir");
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(10).willReturn(bundle()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder bundle(String... patients) {
        StringBuilder entries = new StringBuilder();
        for (String p : patients) {
            if (!entries.isEmpty()) {
                entries.append(',');
            }
            entries.append("{\"resource\":").append(p).append('}');
        }
        return aResponse().withHeader("Content-Type", "application/fhir+json").withBody(
                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[" + entries + "]}");
    }

    private static String existing(String id) {
        return patient(id).ssn("123-45-6789").json().toString();
    }

    @Test
    void identifierIsSearchedFirstAndAHitSkipsTheBroaderSearch() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1)
                .withQueryParam("identifier", equalTo(TestPatients.SSN + "|123-45-6789"))
                .willReturn(bundle(existing("ehr-7"))));
        PatientRecord incoming = patient("in-1").ssn("123-45-6789").record();

        List<PatientRecord> candidates = new FhirCandidateSource(client).candidates(incoming);

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-7");
        assertThat(candidates.get(0).family()).isEqualTo("WHITCOMBE");
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient"))
                .withQueryParam("identifier", equalTo(TestPatients.SSN + "|123-45-6789")));
        server.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("family",
                equalTo("WHITCOMBE")));
    }

    @Test
    void withoutAnIdentifierHitFamilyAndBirthDateAreSearched() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1)
                .withQueryParam("family", equalTo("WHITCOMBE"))
                .withQueryParam("birthdate", equalTo("1971-03-08"))
                .willReturn(bundle(existing("ehr-9"))));
        PatientRecord incoming = patient("in-1").ssn("555-11-2222").record();

        List<PatientRecord> candidates = new FhirCandidateSource(client).candidates(incoming);

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-9");
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("identifier",
                equalTo(TestPatients.SSN + "|555-11-2222")));
    }

    @Test
    void aRepeatedSearchIsAnsweredFromTheCache() {
        FhirCandidateSource source = new FhirCandidateSource(client, 100);
        PatientRecord incoming = patient("in-1").record();
        source.candidates(incoming);
        source.candidates(patient("in-2").record());
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
        assertThat(source.cachedSearches()).isEqualTo(1);
    }

    @Test
    void theCacheIsBounded() {
        FhirCandidateSource source = new FhirCandidateSource(client, 2);
        for (int i = 0; i < 5; i++) {
            source.candidates(patient("in-" + i).family("Family" + (char) ('A' + i)).record());
        }
        assertThat(source.cachedSearches()).isEqualTo(2);
    }
}
