package io.chartbridge.connector.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.LoadOutcome.Status;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins the HTTP exchange with a FHIR server: what is posted, which headers, how answers become outcomes. */
class FhirRestTargetIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The base URL; HAPI's client posts transactions to it with a trailing slash. */
    private static final String TRANSACTION_PATH = "/fhir/?";
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

    @Test
    void putModeSendsOneTransactionBundleWithPutsToDeterministicIds() throws Exception {
        stubTransaction(200, """
                {"resourceType":"Bundle","type":"transaction-response","entry":[
                  {"response":{"status":"201 Created","location":"Patient/p-1/_history/1","etag":"W/\\"1\\""}},
                  {"response":{"status":"200 OK","location":"%s/Encounter/e-1/_history/3","etag":"W/\\"3\\""}}]}
                """.formatted(base));

        List<LoadOutcome> outcomes = target(WriteMode.PUT, AuthSpec.NONE)
                .load(List.of(patient("p-1", "http://hospital.example/mrn|M1"), encounter("e-1")));

        LoggedRequest sent = onlyTransaction();
        assertThat(sent.getHeader("Content-Type")).startsWith("application/fhir+json");
        assertThat(sent.getHeader("Accept")).isEqualTo("application/fhir+json");
        assertThat(JSON.readTree(sent.getBodyAsString())).isEqualTo(JSON.readTree("""
                {"resourceType":"Bundle","type":"transaction","entry":[
                  {"fullUrl":"%1$s/Patient/p-1",
                   "resource":{"resourceType":"Patient","id":"p-1",
                               "identifier":[{"system":"http://hospital.example/mrn","value":"M1"}]},
                   "request":{"method":"PUT","url":"Patient/p-1"}},
                  {"fullUrl":"%1$s/Encounter/e-1",
                   "resource":{"resourceType":"Encounter","id":"e-1","status":"finished"},
                   "request":{"method":"PUT","url":"Encounter/e-1"}}]}
                """.formatted(base)));
        assertThat(outcomes).containsExactly(
                new LoadOutcome("Patient", "p-1", Status.CREATED, "p-1", "1", null),
                new LoadOutcome("Encounter", "e-1", Status.UPDATED, "e-1", "3", null));
    }

    @Test
    void conditionalModeCreatesWithIfNoneExistOnTheUrlEncodedIdentifier() throws Exception {
        stubTransaction(200, """
                {"resourceType":"Bundle","type":"transaction-response","entry":[
                  {"response":{"status":"201 Created","location":"Patient/981/_history/1"}},
                  {"response":{"status":"200 OK","location":"Patient/77/_history/4",
                    "outcome":{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational",
                      "details":{"coding":[{"system":"https://hapifhir.io/fhir/CodeSystem/hapi-fhir-storage-response-code",
                                            "code":"SUCCESSFUL_CREATE_WITH_CONDITIONAL_MATCH"}]}}]}}},
                  {"response":{"status":"201 Created","location":"Encounter/e-1/_history/1"}}]}
                """);

        List<LoadOutcome> outcomes = target(WriteMode.CONDITIONAL, AuthSpec.NONE).load(List.of(
                patient("7f0c2d8e-1111-5aaa-8bbb-000000000001", "http://hospital.example/mrn|M 1&x=y"),
                patient("p-2", "urn:oid:1.2.3|M2"),
                encounter("e-1", "Patient/7f0c2d8e-1111-5aaa-8bbb-000000000001")));

        JsonNode entries = JSON.readTree(onlyTransaction().getBodyAsString()).path("entry");
        // The server chooses the id, so the entry is addressed by a placeholder and the body carries no id.
        assertThat(entries.get(0)).isEqualTo(JSON.readTree("""
                {"fullUrl":"urn:uuid:7f0c2d8e-1111-5aaa-8bbb-000000000001",
                 "resource":{"resourceType":"Patient",
                             "identifier":[{"system":"http://hospital.example/mrn","value":"M 1&x=y"}]},
                 "request":{"method":"POST","url":"Patient",
                            "ifNoneExist":"identifier=http%3A%2F%2Fhospital.example%2Fmrn|M%201%26x%3Dy"}}"""));
        assertThat(entries.get(1).path("request").path("ifNoneExist").asText())
                .isEqualTo("identifier=urn%3Aoid%3A1.2.3|M2");
        assertThat(entries.get(1).path("fullUrl").asText()).startsWith("urn:uuid:");
        // Without an identifier there is nothing to match on: the resource is written to its id, and its reference
        // to the patient points to the placeholder, which the server replaces with the id it chose.
        assertThat(entries.get(2)).isEqualTo(JSON.readTree("""
                {"fullUrl":"%s/Encounter/e-1",
                 "resource":{"resourceType":"Encounter","id":"e-1","status":"finished",
                             "subject":{"reference":"urn:uuid:7f0c2d8e-1111-5aaa-8bbb-000000000001"}},
                 "request":{"method":"PUT","url":"Encounter/e-1"}}""".formatted(base)));
        assertThat(outcomes).extracting(LoadOutcome::status)
                .containsExactly(Status.CREATED, Status.UNCHANGED, Status.CREATED);
        assertThat(outcomes).extracting(LoadOutcome::targetId).containsExactly("981", "77", "e-1");
    }

    @Test
    void laterBundlesReferToTheIdTheServerChoseInConditionalMode() throws Exception {
        FhirRestTarget target = target(WriteMode.CONDITIONAL, AuthSpec.NONE);
        stubTransaction(200, """
                {"resourceType":"Bundle","type":"transaction-response","entry":[
                  {"response":{"status":"201 Created","location":"Patient/981/_history/1"}}]}""");
        target.load(List.of(patient("p-1", "http://hospital.example/mrn|M1")));
        server.resetRequests();
        stubTransaction(200, okResponse());

        target.load(List.of(encounter("e-1", "Patient/p-1")));

        assertThat(JSON.readTree(onlyTransaction().getBodyAsString()).at("/entry/0/resource/subject/reference")
                .asText()).isEqualTo("Patient/981");
    }

    @Test
    void conditionalUpdatePutsToTheIdentifierSearchWithoutOurId() throws Exception {
        stubTransaction(200, """
                {"resourceType":"Bundle","type":"transaction-response","entry":[
                  {"response":{"status":"200 OK","location":"Patient/981/_history/2","etag":"W/\\"2\\""}}]}
                """);

        List<LoadOutcome> outcomes = target(WriteMode.CONDITIONAL, AuthSpec.NONE)
                .update(List.of(patient("p-1", "http://hospital.example/mrn|M1")));

        JsonNode entry = JSON.readTree(onlyTransaction().getBodyAsString()).path("entry").get(0);
        assertThat(entry.path("request")).isEqualTo(JSON.readTree("""
                {"method":"PUT","url":"Patient?identifier=http%3A%2F%2Fhospital.example%2Fmrn|M1"}"""));
        assertThat(entry.path("resource").has("id")).isFalse();
        assertThat(outcomes.get(0)).isEqualTo(new LoadOutcome("Patient", "p-1", Status.UPDATED, "981", "2", null));
    }

    @Test
    void updateInPutModeIsThePutByIdAndNoChangeIsReportedUnchanged() throws Exception {
        stubTransaction(200, """
                {"resourceType":"Bundle","type":"transaction-response","entry":[
                  {"response":{"status":"200 OK","location":"Patient/p-1/_history/1","etag":"W/\\"1\\"",
                    "outcome":{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational",
                      "details":{"coding":[{"code":"SUCCESSFUL_UPDATE_NO_CHANGE"}]}}]}}}]}
                """);

        List<LoadOutcome> outcomes = target(WriteMode.PUT, AuthSpec.NONE)
                .update(List.of(patient("p-1", "http://hospital.example/mrn|M1")));

        assertThat(JSON.readTree(onlyTransaction().getBodyAsString()).at("/entry/0/request/url").asText())
                .isEqualTo("Patient/p-1");
        assertThat(outcomes.get(0).status()).isEqualTo(Status.UNCHANGED);
    }

    @Test
    void bearerTokenIsSentAsAuthorizationHeader() {
        stubTransaction(200, okResponse());

        target(WriteMode.PUT, new AuthSpec("bearer", "synthetic-token-123", null, null)).load(List.of(encounter("e-1")));

        assertThat(onlyTransaction().getHeader("Authorization")).isEqualTo("Bearer synthetic-token-123");
    }

    @Test
    void basicCredentialsAreSentAsAuthorizationHeader() {
        stubTransaction(200, okResponse());

        target(WriteMode.PUT, new AuthSpec("basic", null, "loader", "s3cret")).load(List.of(encounter("e-1")));

        assertThat(onlyTransaction().getHeader("Authorization")).isEqualTo("Basic bG9hZGVyOnMzY3JldA==");
    }

    @Test
    void bundleRefusedAsAWholeFailsEveryEntryWithTheServersDiagnostics() {
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody("""
                        {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing",
                          "diagnostics":"Patient.birthDate: invalid date\\nsee line 3"}]}""")));

        List<LoadOutcome> outcomes = target(WriteMode.PUT, AuthSpec.NONE)
                .load(List.of(patient("p-1", null), encounter("e-1")));

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.error()).isEqualTo(
                    "HTTP 422 for the whole transaction: Patient.birthDate: invalid date see line 3");
        });
        assertThat(server.findAll(postRequestedFor(urlPathMatching(TRANSACTION_PATH)))).hasSize(1);
    }

    @Test
    void baseUrlThatDoesNotTakeTransactionsStopsTheRun() {
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> target(WriteMode.PUT, AuthSpec.NONE).load(List.of(encounter("e-1"))))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("FHIR target " + base + " does not take transactions at this URL (HTTP 404)");
    }

    @Test
    void serviceUnavailableIsRetriedAndThenSucceeds() {
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                        .withBody(okResponse())));

        List<LoadOutcome> outcomes = target(WriteMode.PUT, AuthSpec.NONE).load(List.of(encounter("e-1")));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.CREATED);
        assertThat(server.findAll(postRequestedFor(urlPathMatching(TRANSACTION_PATH)))).hasSize(2);
    }

    @Test
    void serverThatStaysUnavailablePastTheBudgetStopsTheRunAsAnOutage() {
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> target(WriteMode.PUT, AuthSpec.NONE).load(List.of(encounter("e-1"))))
                .isInstanceOf(io.chartbridge.core.target.TargetOutageException.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("target.retry.maxWait");
        assertThat(server.findAll(postRequestedFor(urlPathMatching(TRANSACTION_PATH))).size()).isGreaterThan(3);
    }

    @Test
    void verifyAcceptsAnR4Server() {
        stubMetadata(200, "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"fhirVersion\":\"4.0.1\","
                + "\"kind\":\"instance\",\"format\":[\"json\"]}");

        target(WriteMode.PUT, AuthSpec.NONE).verify();

        assertThat(server.getAllServeEvents()).hasSize(1);
        assertThat(server.getAllServeEvents().get(0).getRequest().getUrl()).isEqualTo("/fhir/metadata");
    }

    @Test
    void verifyRefusesAServerThatIsNotR4() {
        stubMetadata(200, "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"fhirVersion\":\"3.0.2\","
                + "\"kind\":\"instance\",\"format\":[\"json\"]}");

        assertThatThrownBy(() -> target(WriteMode.PUT, AuthSpec.NONE).verify())
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("FHIR target " + base + " is not a FHIR R4 server (its /metadata reports FHIR 3.0.2)");
    }

    @Test
    void unauthorizedIsOneLineThatNeverShowsTheSecret() {
        stubMetadata(401, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"login\",\"diagnostics\":\"bad token\"}]}");

        assertThatThrownBy(() -> target(WriteMode.PUT, new AuthSpec("bearer", "synthetic-token-123", null, null))
                .verify())
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("FHIR target " + base + " refused the credentials (HTTP 401); check target.auth")
                .hasMessageNotContaining("synthetic-token-123");
    }

    @Test
    void connectionRefusedIsOneLine() {
        TargetSpec spec = new TargetSpec("fhir", null, "http://127.0.0.1:1/fhir/", WriteMode.PUT, 100, 1,
                AuthSpec.NONE);
        FhirRestTarget target = new FhirRestTarget(spec, fhir, quickRetry(), FhirClients.SOCKET_TIMEOUT_MILLIS);

        assertThat(target.key()).isEqualTo("fhir:http://127.0.0.1:1/fhir");
        assertThatThrownBy(target::verify)
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("FHIR target http://127.0.0.1:1/fhir is unreachable: connection refused");
    }

    private FhirRestTarget target(WriteMode mode, AuthSpec auth) {
        return new FhirRestTarget(new TargetSpec("fhir", null, base + "/", mode, 100, 2, auth), fhir, quickRetry(),
                FhirClients.SOCKET_TIMEOUT_MILLIS);
    }

    /** The production policy with short waits: 10 ms first, 1 s of outage at most. */
    static io.chartbridge.core.target.TargetRetry quickRetry() {
        return new io.chartbridge.core.target.TargetRetry(new io.chartbridge.core.target.TargetRetry.Settings(
                java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(100)),
                FhirConnectionFailures::classify, io.chartbridge.core.target.TargetRetry.Listener.NONE);
    }

    private void stubTransaction(int status, String body) {
        server.stubFor(post(urlPathMatching(TRANSACTION_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/fhir+json").withBody(body)));
    }

    private void stubMetadata(int status, String body) {
        server.stubFor(get(urlEqualTo("/fhir/metadata")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/fhir+json").withBody(body)));
    }

    private LoggedRequest onlyTransaction() {
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathMatching(TRANSACTION_PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static String okResponse() {
        return """
                {"resourceType":"Bundle","type":"transaction-response","entry":[
                  {"response":{"status":"201 Created","location":"Encounter/e-1/_history/1"}}]}""";
    }

    private static MappedResource patient(String id, String identifier) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
        if (identifier != null) {
            String[] parts = identifier.split("\\|", 2);
            json.putArray("identifier").addObject().put("system", parts[0]).put("value", parts[1]);
        }
        return new MappedResource("Patient", id, json, identifier, "hash-" + id);
    }

    private static MappedResource encounter(String id) {
        return encounter(id, null);
    }

    private static MappedResource encounter(String id, String subject) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Encounter").put("id", id)
                .put("status", "finished");
        if (subject != null) {
            json.putObject("subject").put("reference", subject);
        }
        return new MappedResource("Encounter", id, json, null, "hash-" + id);
    }
}
