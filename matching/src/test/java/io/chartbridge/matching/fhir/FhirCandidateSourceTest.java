package io.chartbridge.matching.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.TestPatients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

class FhirCandidateSourceTest {

    @RegisterExtension
    static final WireMockExtension server = FakeFhirSearches.server();

    private IGenericClient client;

    @BeforeEach
    void stubEmptySearches() {
        client = FakeFhirSearches.client(server);
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(10).willReturn(bundle()));
    }

    private static ResponseDefinitionBuilder bundle(String... patients) {
        return page(null, patients);
    }

    private static ResponseDefinitionBuilder page(String next, String... patients) {
        return FakeFhirSearches.page(server, next, patients);
    }

    /** The family-initial W + birth date search finds the existing patient {@code id}. */
    private static void nameSearchFinds(String birthDate, String id) {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1)
                .withQueryParam("family", equalTo("W"))
                .withQueryParam("birthdate", equalTo(birthDate))
                .willReturn(bundle(existing(id))));
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
                equalTo("W")));
    }

    @Test
    void withoutAnIdentifierHitFamilyAndBirthDateAreSearchedWithDayAndMonthInEitherOrder() {
        nameSearchFinds("1971-03-08", "ehr-9");
        nameSearchFinds("1971-08-03", "ehr-10");
        PatientRecord incoming = patient("in-1").ssn("555-11-2222").record();

        List<PatientRecord> candidates = new FhirCandidateSource(client).candidates(incoming);

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-9", "ehr-10");
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("identifier",
                equalTo(TestPatients.SSN + "|555-11-2222")));
    }

    @Test
    void aDayThatCannotBeAMonthIsSearchedAsWritten() {
        nameSearchFinds("1971-03-18", "ehr-9");
        PatientRecord incoming = patient("in-1").birthDate("1971-03-18").record();

        assertThat(new FhirCandidateSource(client).candidates(incoming)).extracting(PatientRecord::id)
                .containsExactly("ehr-9");
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("family", equalTo("W")));
    }

    @Test
    void aRepeatedSearchIsAnsweredFromTheCache() {
        FhirCandidateSource source = new FhirCandidateSource(client, 100);
        PatientRecord incoming = patient("in-1").birthDate("1971-03-18").record();
        source.candidates(incoming);
        source.candidates(patient("in-2").birthDate("1971-03-18").record());
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
        assertThat(source.cachedSearches()).isEqualTo(1);
    }

    @Test
    void theCacheIsBounded() {
        FhirCandidateSource source = new FhirCandidateSource(client, 2);
        for (int i = 0; i < 5; i++) {
            source.candidates(patient("in-" + i).family((char) ('A' + i) + "amily").record());
        }
        assertThat(source.cachedSearches()).isEqualTo(2);
    }

    @Test
    void candidatesOnLaterPagesOfASearchAreFound() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1)
                .withQueryParam("family", equalTo("W"))
                .willReturn(page("_getpages=s1&_getpagesoffset=50", existing("ehr-1"))));
        server.stubFor(get(urlPathEqualTo("/fhir")).atPriority(1)
                .withQueryParam("_getpagesoffset", equalTo("50"))
                .willReturn(page("_getpages=s1&_getpagesoffset=100", existing("ehr-2"))));
        server.stubFor(get(urlPathEqualTo("/fhir")).atPriority(1)
                .withQueryParam("_getpagesoffset", equalTo("100"))
                .willReturn(page(null, existing("ehr-3"))));
        FhirCandidateSource source = new FhirCandidateSource(client);

        List<PatientRecord> candidates = source.candidates(patient("in-1").birthDate("1971-03-18").record());

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-1", "ehr-2", "ehr-3");
        assertThat(source.truncatedSearches()).isZero();
        assertThat(source.cutOff(patient("in-1").birthDate("1971-03-18").record())).isFalse();
    }

    @Test
    void pagesAreFollowedOnlyUpToTheCapAndACutOffSearchIsCounted() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1)
                .withQueryParam("family", equalTo("W"))
                .willReturn(page("_getpages=s1&_getpagesoffset=50", existing("ehr-1"))));
        // A server that always has another page.
        server.stubFor(get(urlPathEqualTo("/fhir")).atPriority(1)
                .willReturn(page("_getpages=s1&_getpagesoffset=50", existing("ehr-more"))));
        FhirCandidateSource source = new FhirCandidateSource(client, 100, 3);

        List<PatientRecord> candidates = source.candidates(patient("in-1").birthDate("1971-03-18").record());

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-1", "ehr-more");
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
        server.verify(2, getRequestedFor(urlPathEqualTo("/fhir")));
        assertThat(source.truncatedSearches()).isEqualTo(1);
        assertThat(source.cutOff(patient("in-1").birthDate("1971-03-18").record()))
                .as("the record's candidates are incomplete").isTrue();
        assertThat(source.cutOff(patient("in-2").family("Quimby").birthDate("1971-03-18").record())).isFalse();
    }

    @Test
    void aRecordWithAMaidenNameIsAlsoSearchedUnderItsInitial() {
        nameSearchFinds("1971-03-18", "ehr-maiden");
        PatientRecord married = patient("in-1").family("Ashdown").otherName("maiden", null, "Whitcombe")
                .otherName("old", null, "Atherton").birthDate("1971-03-18").record();

        List<PatientRecord> candidates = new FhirCandidateSource(client).candidates(married);

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-maiden");
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("family", equalTo("A")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("family", equalTo("W")));
    }
}
