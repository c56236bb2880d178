package io.chartbridge.matching.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.TestPatients;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A batch of records' candidate searches answered in a few requests, each record getting its own search's answer. */
class FhirCandidatePrefetchTest {

    @RegisterExtension
    static final WireMockExtension server = FakeFhirSearches.server();

    private FhirCandidateSource source;

    @BeforeEach
    void stubEmptySearches() {
        source = new FhirCandidateSource(FakeFhirSearches.client(server));
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(10).willReturn(bundle()));
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(10).willReturn(bundle()));
    }

    private static ResponseDefinitionBuilder bundle(String... patients) {
        return page(null, patients);
    }

    private static String searchset(String... patients) {
        return FakeFhirSearches.searchset(server, null, patients);
    }

    private static ResponseDefinitionBuilder page(String next, String... patients) {
        return FakeFhirSearches.page(server, next, patients);
    }

    @Test
    void eachRecordGetsTheCandidatesItsOwnSearchesWouldHaveFoundWithoutAskingTheServerAgain() {
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(1)
                .withRequestBody(containing("identifier="))
                .willReturn(bundle(patient("ehr-1").ssn("141-15-1161").json().toString(),
                        patient("ehr-2").family("Okafor").ssn("242-25-2262").json().toString())));
        // The name searches travel as one batch, each entry the very search the record would have sent alone.
        server.stubFor(post(urlPathEqualTo("/fhir")).atPriority(1)
                .withRequestBody(containing("\"type\":\"batch\""))
                .withRequestBody(containing("Patient?family=L&birthdate=1950-02-13&_count=50"))
                .withRequestBody(containing("Patient?family=D&birthdate=1961-12-30&_count=50"))
                .willReturn(FakeFhirSearches.batchResponse(
                        searchset(patient("ehr-3").family("Lindqvist").birthDate("1950-02-13").json().toString()),
                        searchset())));
        PatientRecord byFirstSsn = patient("in-1").ssn("141-15-1161").record();
        PatientRecord bySecondSsn = patient("in-2").family("Okafor").ssn("242-25-2262").record();
        PatientRecord byNameAndBirthDate = patient("in-3").family("Lindqvist").birthDate("1950-02-13")
                .ssn("343-35-3363").record();
        PatientRecord nobody = patient("in-4").family("De La Cruz").birthDate("1961-12-30").record();

        new FhirCandidatePrefetch(source).prefetch(List.of(byFirstSsn, bySecondSsn, byNameAndBirthDate, nobody));

        assertThat(source.candidates(byFirstSsn)).extracting(PatientRecord::id).containsExactly("ehr-1");
        assertThat(source.candidates(bySecondSsn)).extracting(PatientRecord::id).containsExactly("ehr-2");
        assertThat(source.candidates(byNameAndBirthDate)).extracting(PatientRecord::id).containsExactly("ehr-3");
        assertThat(source.candidates(nobody)).isEmpty();
        server.verify(1, postRequestedFor(urlPathEqualTo("/fhir/Patient/_search"))
                .withRequestBody(containing("identifier=")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/fhir")));
        server.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
    }

    @Test
    void aSearchTheBatchDidNotAnswerIsSentOnItsOwnAndOneWithMorePagesIsReadToTheEnd() {
        server.stubFor(post(urlPathEqualTo("/fhir")).atPriority(1).willReturn(FakeFhirSearches.batchResponse(
                "400 Bad Request",
                FakeFhirSearches.searchset(server, "_getpages=more",
                        patient("ehr-5").family("Okafor").birthDate("1990-01-01").json().toString()))));
        server.stubFor(get(urlPathEqualTo("/fhir")).withQueryParam("_getpages", equalTo("more"))
                .willReturn(bundle(patient("ehr-6").family("Okafor").birthDate("1990-01-01").json().toString())));
        PatientRecord refused = patient("in-1").family("Lindqvist").birthDate("1950-02-13").record();
        PatientRecord twoPages = patient("in-2").family("Okafor").birthDate("1990-01-01").record();

        new FhirCandidatePrefetch(source).prefetch(List.of(refused, twoPages));

        assertThat(source.candidates(twoPages)).extracting(PatientRecord::id).containsExactly("ehr-5", "ehr-6");
        server.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
        source.candidates(refused);
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient"))
                .withQueryParam("family", equalTo("L")).withQueryParam("birthdate", equalTo("1950-02-13")));
    }

    @Test
    void recordsFoundByIdentifierAreNotSearchedByNameAndBirthDate() {
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(1)
                .withRequestBody(containing("identifier="))
                .willReturn(bundle(patient("ehr-1").ssn("141-15-1161").json().toString())));

        new FhirCandidatePrefetch(source).prefetch(List.of(patient("in-1").ssn("141-15-1161").record()));

        server.verify(0, postRequestedFor(urlPathEqualTo("/fhir/Patient/_search"))
                .withRequestBody(containing("family=")));
    }

    @Test
    void aBatchWhoseResultsRunPastThePageLimitIsLeftToTheSingleSearches() {
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(1)
                .willReturn(page("_getpages=abc", patient("ehr-1").ssn("141-15-1161").json().toString())));
        server.stubFor(get(urlPathEqualTo("/fhir")).willReturn(page("_getpages=abc")));
        PatientRecord record = patient("in-1").ssn("141-15-1161").record();

        new FhirCandidatePrefetch(source).prefetch(List.of(record));
        source.candidates(record);

        server.verify(FhirCandidatePrefetch.MAX_PAGES - 1, getRequestedFor(urlPathEqualTo("/fhir")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient"))
                .withQueryParam("identifier", equalTo(TestPatients.SSN + "|141-15-1161")));
    }

    @Test
    void aRecordsMaidenNameSearchTravelsInTheBatchWithItsOwn() {
        server.stubFor(post(urlPathEqualTo("/fhir")).atPriority(1)
                .withRequestBody(containing("\"type\":\"batch\""))
                .withRequestBody(containing("Patient?family=A&birthdate=1971-03-18&_count=50"))
                .withRequestBody(containing("Patient?family=W&birthdate=1971-03-18&_count=50"))
                .willReturn(FakeFhirSearches.batchResponse(searchset(),
                        searchset(patient("ehr-7").json().toString()))));
        PatientRecord married = patient("in-1").family("Ashdown").otherName("maiden", null, "Whitcombe")
                .birthDate("1971-03-18").record();

        new FhirCandidatePrefetch(source).prefetch(List.of(married));

        assertThat(source.candidates(married)).extracting(PatientRecord::id).containsExactly("ehr-7");
        server.verify(1, postRequestedFor(urlPathEqualTo("/fhir")));
        server.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
    }
}
