package io.chartbridge.connector.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.LoadOutcome.Status;
import io.chartbridge.core.target.TargetOutageException;
import io.chartbridge.core.target.TargetRetry;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection against the load stage's transactions: each fault a real EHR produces (500, 503 with
 * Retry-After, 429, connection reset, an empty reply, a malformed chunk, an answer that takes 30 s) comes first,
 * then the server answers; the batch loads, and what was logged as waiting names the true cause.
 */
class FhirRestTargetFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSACTION_PATH = "/fhir/?";
    private static FhirContext fhir;

    private WireMockServer server;
    private final List<String> waits = new ArrayList<>();

    @BeforeAll
    static void fhirContext() {
        fhir = FhirContext.forR4();
    }

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private FhirRestTarget target(String base, Duration maxWait, int socketTimeoutMillis) {
        TargetRetry retry = new TargetRetry(new TargetRetry.Settings(maxWait, Duration.ofMillis(20),
                Duration.ofMillis(200)), FhirConnectionFailures::classify, new TargetRetry.Listener() {
            @Override
            public synchronized void waiting(Instant since, Instant nextTry, String reason) {
                waits.add(reason);
            }

            @Override
            public void recovered(Instant since) {
            }
        });
        return new FhirRestTarget(new TargetSpec("fhir", null, base, WriteMode.PUT, 100, 1, AuthSpec.NONE), fhir,
                retry, socketTimeoutMillis);
    }

    private FhirRestTarget target() {
        return target("http://127.0.0.1:" + server.port() + "/fhir", Duration.ofSeconds(20), 2_000);
    }

    /** The fault first, then an answer. */
    private void faultThenAnswer(ResponseDefinitionBuilder fault) {
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).inScenario("fault")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(fault).willSetStateTo("answers"));
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).inScenario("fault").whenScenarioStateIs("answers")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                        .withBody("""
                                {"resourceType":"Bundle","type":"transaction-response","entry":[
                                  {"response":{"status":"201 Created","location":"Patient/p-1/_history/1"}}]}""")));
    }

    private List<LoadOutcome> loadOnePatient(FhirRestTarget target) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p-1");
        return target.load(List.of(new MappedResource("Patient", "p-1", json, null, "h")));
    }

    private int transactionsSent() {
        return server.findAll(postRequestedFor(urlPathMatching(TRANSACTION_PATH))).size();
    }

    @Test
    void aServerErrorIsTriedAgainAndTheBatchLoads() {
        faultThenAnswer(aResponse().withStatus(500).withBody("{\"resourceType\":\"OperationOutcome\"}"));

        assertThat(loadOnePatient(target())).extracting(LoadOutcome::status).containsExactly(Status.CREATED);
        assertThat(transactionsSent()).isEqualTo(2);
    }

    @Test
    void aServerErrorThatStaysFailsTheBatchsRecordsNotTheRun() {
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/fhir+json").withBody("""
                        {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception",
                         "diagnostics":"deadlock detected"}]}""")));

        List<LoadOutcome> outcomes = loadOnePatient(target());

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.error()).contains("HTTP 500").contains("deadlock detected");
        });
        assertThat(transactionsSent()).isEqualTo(3);
    }

    @Test
    void serviceUnavailableWaitsAsLongAsRetryAfterAsks() {
        faultThenAnswer(aResponse().withStatus(503).withHeader("Retry-After", "2"));
        long started = System.nanoTime();

        assertThat(loadOnePatient(target())).extracting(LoadOutcome::status).containsExactly(Status.CREATED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(waits).containsExactly("HTTP 503");
    }

    @Test
    void tooManyRequestsIsWaitedOut() {
        faultThenAnswer(aResponse().withStatus(429).withHeader("Retry-After", "1"));

        assertThat(loadOnePatient(target())).extracting(LoadOutcome::status).containsExactly(Status.CREATED);
        assertThat(waits).containsExactly("HTTP 429");
    }

    @Test
    void aConnectionResetIsWaitedOutAndNamedAsSuch() {
        faultThenAnswer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(loadOnePatient(target())).extracting(LoadOutcome::status).containsExactly(Status.CREATED);
        assertThat(waits).containsExactly("connection reset");
    }

    @Test
    void anEmptyReplyIsWaitedOut() {
        faultThenAnswer(aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(loadOnePatient(target())).extracting(LoadOutcome::status).containsExactly(Status.CREATED);
        assertThat(waits).containsExactly("connection closed without an answer");
    }

    @Test
    void aMalformedChunkIsWaitedOut() {
        faultThenAnswer(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        assertThat(loadOnePatient(target())).extracting(LoadOutcome::status).containsExactly(Status.CREATED);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isIn("answer cut off", "connection reset");
    }

    @Test
    void anAnswerThatTakesThirtySecondsTimesOutAndIsTriedAgain() {
        faultThenAnswer(aResponse().withFixedDelay(30_000).withStatus(200));
        long started = System.nanoTime();

        assertThat(loadOnePatient(target())).extracting(LoadOutcome::status).containsExactly(Status.CREATED);
        assertThat(waits).containsExactly("timed out");
        // The client gave up after its 2 s socket time-out, not after the server's 30 s.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aTargetThatRefusesConnectionsPastTheBudgetStopsTheRunSayingConnectionRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FhirRestTarget target = target("http://127.0.0.1:" + closedPort + "/fhir", Duration.ofMillis(600), 2_000);

        assertThatThrownBy(() -> loadOnePatient(target))
                .isInstanceOf(TargetOutageException.class)
                .hasMessageContaining("connection refused")
                .hasMessageNotContaining("HTTP 500");
        assertThat(waits).isNotEmpty().allMatch("connection refused"::equals);
    }
}
