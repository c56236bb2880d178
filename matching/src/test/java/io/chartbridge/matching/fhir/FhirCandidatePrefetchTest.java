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

/** A batch of records' candidate searches answered by a few batched searches, each record getting its own answer. */
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

    private static ResponseDefinitionBuilder page(String next, String... patients) {
        return FakeFhirSearches.page(server, next, patients);
    }

    @Test
    void eachRecordGetsTheCandidatesItsOwnSearchesWouldHaveFoundWithoutAskingTheServerAgain() {
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(1)
                .withRequestBody(containing("identifier="))
                .willReturn(bundle(patient("ehr-1").ssn("111-11-1111").json().toString(),
                        patient("ehr-2").family("Okafor").ssn("222-22-2222").json().toString())));
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(1)
                .withRequestBody(containing("family="))
                .willReturn(bundle(patient("ehr-3").family("Lindqvist").birthDate("1950-02-03").json().toString(),
                        patient("ehr-4").family("Lindqvist").birthDate("1977-07-07").json().toString())));
        PatientRecord byFirstSsn = patient("in-1").ssn("111-11-1111").record();
        PatientRecord bySecondSsn = patient("in-2").family("Okafor").ssn("222-22-2222").record();
        PatientRecord byNameAndBirthDate = patient("in-3").family("Lindqvist").birthDate("1950-02-03")
                .ssn("333-33-3333").record();

        new FhirCandidatePrefetch(source).prefetch(List.of(byFirstSsn, bySecondSsn, byNameAndBirthDate));

        assertThat(source.candidates(byFirstSsn)).extracting(PatientRecord::id).containsExactly("ehr-1");
        assertThat(source.candidates(bySecondSsn)).extracting(PatientRecord::id).containsExactly("ehr-2");
        // ehr-4 shares the family name but not the birth date: the server would not have returned it.
        assertThat(source.candidates(byNameAndBirthDate)).extracting(PatientRecord::id).containsExactly("ehr-3");
        server.verify(1, postRequestedFor(urlPathEqualTo("/fhir/Patient/_search"))
                .withRequestBody(containing("identifier=")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/fhir/Patient/_search"))
                .withRequestBody(containing("family=")));
        server.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Patient")));
    }

    @Test
    void recordsFoundByIdentifierAreNotSearchedByNameAndBirthDate() {
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(1)
                .withRequestBody(containing("identifier="))
                .willReturn(bundle(patient("ehr-1").ssn("111-11-1111").json().toString())));

        new FhirCandidatePrefetch(source).prefetch(List.of(patient("in-1").ssn("111-11-1111").record()));

        server.verify(0, postRequestedFor(urlPathEqualTo("/fhir/Patient/_search"))
                .withRequestBody(containing("family=")));
    }

    @Test
    void aBatchWhoseResultsRunPastThePageLimitIsLeftToTheSingleSearches() {
        server.stubFor(post(urlPathEqualTo("/fhir/Patient/_search")).atPriority(1)
                .willReturn(page("_getpages=abc", patient("ehr-1").ssn("111-11-1111").json().toString())));
        server.stubFor(get(urlPathEqualTo("/fhir")).willReturn(page("_getpages=abc")));
        PatientRecord record = patient("in-1").ssn("111-11-1111").record();

        new FhirCandidatePrefetch(source).prefetch(List.of(record));
        source.candidates(record);

        server.verify(FhirCandidatePrefetch.MAX_PAGES - 1, getRequestedFor(urlPathEqualTo("/fhir")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient"))
                .withQueryParam("identifier", equalTo(TestPatients.SSN + "|111-11-1111")));
    }
}
