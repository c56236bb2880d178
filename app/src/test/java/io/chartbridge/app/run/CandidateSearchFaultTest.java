package io.chartbridge.app.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.chartbridge.connector.fhir.FhirClients;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PatientRecordReader;
import io.chartbridge.matching.fhir.FhirCandidatePrefetch;
import io.chartbridge.matching.fhir.FhirCandidateSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection against the match stage's candidate searches of the target, wired as a run wires them (the
 * target's client and its one retry policy): each fault is ridden out and the candidate is found, instead of the
 * record failing or being decided without the target's patients.
 */
class CandidateSearchFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SSN = "http://hl7.org/fhir/sid/us-ssn";
    private static final String EXISTING = """
            {"resourceType":"Patient","id":"ehr-7","identifier":[{"system":"%s","value":"123-45-6789"}],
             "name":[{"family":"Whitcombe","given":["Ada"]}],"gender":"female","birthDate":"1971-03-08"}"""
            .formatted(SSN);

    private WireMockServer server;
    private final List<String> waits = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("HTTP 500", aResponse().withStatus(500)),
                Arguments.of("HTTP 503", aResponse().withStatus(503).withHeader("Retry-After", "1")),
                Arguments.of("HTTP 429", aResponse().withStatus(429)),
                Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                Arguments.of("connection closed without an answer", aResponse().withFault(Fault.EMPTY_RESPONSE)),
                Arguments.of("malformed chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
                Arguments.of("timed out", aResponse().withFixedDelay(30_000).withStatus(200)));
    }

    private FhirCandidateSource source() {
        TargetSpec spec = new TargetSpec("fhir", null, "http://127.0.0.1:" + server.port() + "/fhir",
                TargetSpec.WriteMode.PUT, 100, 1, TargetSpec.AuthSpec.NONE,
                new TargetSpec.RetrySpec(Duration.ofSeconds(20), Duration.ofMillis(20), Duration.ofMillis(200)));
        TargetRetry retry = FhirClients.retryPolicy(spec);
        retry.listenWith(new TargetRetry.Listener() {
            @Override
            public synchronized void waiting(Instant since, Instant nextTry, String reason) {
                waits.add(reason);
            }

            @Override
            public void recovered(Instant since) {
            }
        });
        // A context of its own: the 30 s answer needs a short socket time-out (the production client waits two
        // minutes), which must not reach other tests' clients.
        FhirContext fhir = FhirContext.forR4();
        FhirClients.create(fhir, spec);
        fhir.getRestfulClientFactory().setSocketTimeout(2_000);
        var client = fhir.newRestfulGenericClient("http://127.0.0.1:" + server.port() + "/fhir");
        return new FhirCandidateSource(client, 100, FhirCandidateSource.DEFAULT_MAX_PAGES, retry);
    }

    private void faultThenAnswer(ResponseDefinitionBuilder fault) {
        String searchset = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":" + EXISTING
                + "}]}";
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).inScenario("fault").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(fault).willSetStateTo("answers"));
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).inScenario("fault").whenScenarioStateIs("answers")
                .willReturn(aResponse().withHeader("Content-Type", "application/fhir+json").withBody(searchset)));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/fhir/Patient/_search"))
                .inScenario("fault").whenScenarioStateIs(Scenario.STARTED).willReturn(fault)
                .willSetStateTo("answers"));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/fhir/Patient/_search"))
                .inScenario("fault").whenScenarioStateIs("answers")
                .willReturn(aResponse().withHeader("Content-Type", "application/fhir+json").withBody(searchset)));
    }

    private static PatientRecord incoming() throws Exception {
        return PatientRecordReader.read((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"resourceType":"Patient","id":"in-1","identifier":[{"system":"%s","value":"123-45-6789"}],
                 "name":[{"family":"Whitcombe","given":["Ada"]}],"gender":"female","birthDate":"1971-03-08"}"""
                .formatted(SSN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aCandidateSearchRidesOutTheFaultAndFindsThePatient(String fault, ResponseDefinitionBuilder response)
            throws Exception {
        faultThenAnswer(response);

        List<PatientRecord> candidates = source().candidates(incoming());

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-7");
        assertThat(waits.size()).as("waits for %s: %s", fault, waits).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void theBatchedSearchRidesOutTheFaultAndSeedsTheCandidates(String fault, ResponseDefinitionBuilder response)
            throws Exception {
        faultThenAnswer(response);
        FhirCandidateSource source = source();

        new FhirCandidatePrefetch(source).prefetch(List.of(incoming()));
        int requestsAfterPrefetch = server.getAllServeEvents().size();
        List<PatientRecord> candidates = source.candidates(incoming());

        assertThat(candidates).extracting(PatientRecord::id).containsExactly("ehr-7");
        assertThat(server.getAllServeEvents()).as("the prefetch answered the record's search")
                .hasSize(requestsAfterPrefetch);
    }
}
