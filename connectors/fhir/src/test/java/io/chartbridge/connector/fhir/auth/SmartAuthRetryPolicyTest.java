package io.chartbridge.connector.fhir.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.chartbridge.connector.fhir.FhirRestTarget;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.RetrySpec;
import io.chartbridge.core.project.TargetSpec.SmartBackend;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.LoadOutcome.Status;
import io.chartbridge.core.target.TargetOutageException;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.core.target.TargetUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMART auth under the run's retry policy, through the load stage's own target (WireMock as EHR and token endpoint):
 * a 401 is the credentials' to answer (one new token, the request once more) and never an outage; a token endpoint
 * that is down is an outage the policy waits for, once per try, and names; a Retry-After on the answer to the request
 * sent again is honoured.
 */
class SmartAuthRetryPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "chartbridge-test";
    private static FhirContext fhir;

    @TempDir
    Path dir;
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

    private FhirRestTarget target(Duration maxWait) {
        String base = "http://127.0.0.1:" + server.port() + "/fhir";
        Path key = TestKeys.write(dir, "client.pem", TestKeys.pem(TestKeys.rsa(2048)));
        SmartBackend smart = new SmartBackend("http://127.0.0.1:" + server.port() + "/auth/token", CLIENT, key, null,
                "rsa-1", List.of("system/*.write"));
        FhirRestTarget target = new FhirRestTarget(new TargetSpec("fhir", null, base, WriteMode.PUT, 100, 1,
                new AuthSpec("smart-backend", null, null, null, smart),
                new RetrySpec(maxWait, Duration.ofMillis(20), Duration.ofMillis(200))), fhir);
        target.retry().listenWith(new TargetRetry.Listener() {
            @Override
            public synchronized void waiting(Instant since, Instant nextTry, String reason) {
                waits.add(reason);
            }

            @Override
            public void recovered(Instant since) {
            }
        });
        return target;
    }

    private List<LoadOutcome> loadOnePatient(FhirRestTarget target) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Patient").put("id", "p-1");
        return target.load(List.of(new MappedResource("Patient", "p-1", json, null, "h")));
    }

    private static ResponseDefinitionBuilder created() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json").withBody("""
                {"resourceType":"Bundle","type":"transaction-response","entry":[
                  {"response":{"status":"201 Created","location":"Patient/p-1/_history/1"}}]}""");
    }

    private static ResponseDefinitionBuilder token(String value) {
        return okJson("{\"access_token\":\"" + value + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
    }

    /** The token endpoint answers these in turn (the last one from then on). */
    private void tokenEndpoint(ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i + 1 < answers.length ? "answer " + (i + 2) : state;
            server.stubFor(post(urlEqualTo("/auth/token")).inScenario("token").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private int tokenRequests() {
        return server.findAll(postRequestedFor(urlEqualTo("/auth/token"))).size();
    }

    private int transactions() {
        return server.findAll(postRequestedFor(urlPathEqualTo("/fhir/"))).size();
    }

    @Test
    void aTokenEndpointThatIsDownForAMomentIsWaitedOutOnceNotRetriedInsideEachTry() {
        tokenEndpoint(aResponse().withStatus(503), aResponse().withStatus(503), token("token-1"));
        server.stubFor(post(urlPathEqualTo("/fhir/")).willReturn(created()));

        assertThat(loadOnePatient(target(Duration.ofSeconds(20)))).extracting(LoadOutcome::status)
                .containsExactly(Status.CREATED);
        assertThat(tokenRequests()).isEqualTo(3);
        assertThat(transactions()).isEqualTo(1);
        assertThat(waits).containsExactly("token endpoint: HTTP 503", "token endpoint: HTTP 503");
    }

    @Test
    void aTokenEndpointDownPastTheBudgetInterruptsTheRunNamingIt() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> loadOnePatient(target(Duration.ofMillis(500))))
                .isInstanceOf(TargetOutageException.class)
                .hasMessageContaining("token endpoint: HTTP 503")
                .hasMessageContaining("target.retry.maxWait");
        assertThat(transactions()).isZero();
    }

    @Test
    void aTokenEndpointThatRefusesTheClientStopsTheRunAtOnce() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"unknown key\"}")));

        assertThatThrownBy(() -> loadOnePatient(target(Duration.ofSeconds(20))))
                .isInstanceOf(SmartAuthException.class)
                .isNotInstanceOf(TargetOutageException.class)
                .hasMessageContaining("refused client '" + CLIENT + "'");
        assertThat(tokenRequests()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRefusedTokenIsRenewedOnceByTheAuthAndNotRetriedByThePolicy() {
        tokenEndpoint(token("token-1"), token("token-2"));
        server.stubFor(post(urlPathEqualTo("/fhir/")).withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(aResponse().withStatus(401)));
        server.stubFor(post(urlPathEqualTo("/fhir/")).withHeader("Authorization", equalTo("Bearer token-2"))
                .willReturn(created()));

        assertThat(loadOnePatient(target(Duration.ofSeconds(20)))).extracting(LoadOutcome::status)
                .containsExactly(Status.CREATED);
        assertThat(tokenRequests()).isEqualTo(2);
        assertThat(transactions()).isEqualTo(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void aTokenRefusedAgainStopsTheRunWithoutWaiting() {
        tokenEndpoint(token("token-1"), token("token-2"));
        server.stubFor(post(urlPathEqualTo("/fhir/")).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> loadOnePatient(target(Duration.ofSeconds(20))))
                .isInstanceOf(TargetUnavailableException.class)
                .isNotInstanceOf(TargetOutageException.class)
                .hasMessageContaining("refused the credentials (HTTP 401)");
        assertThat(transactions()).isEqualTo(2);
        assertThat(tokenRequests()).isEqualTo(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRetryAfterOnTheAnswerToTheRenewedRequestIsHonoured() {
        tokenEndpoint(token("token-1"), token("token-2"));
        server.stubFor(post(urlPathEqualTo("/fhir/")).withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(aResponse().withStatus(401)));
        server.stubFor(post(urlPathEqualTo("/fhir/")).withHeader("Authorization", equalTo("Bearer token-2"))
                .inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")).willSetStateTo("answers"));
        server.stubFor(post(urlPathEqualTo("/fhir/")).withHeader("Authorization", equalTo("Bearer token-2"))
                .inScenario("busy").whenScenarioStateIs("answers").willReturn(created()));
        long started = System.nanoTime();

        assertThat(loadOnePatient(target(Duration.ofSeconds(20)))).extracting(LoadOutcome::status)
                .containsExactly(Status.CREATED);
        // Without the server's 2 s, the policy's own first wait would be 20 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(waits).containsExactly("HTTP 503");
        assertThat(tokenRequests()).isEqualTo(2);
    }
}
