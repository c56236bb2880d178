package io.chartbridge.connector.fhir.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.chartbridge.connector.fhir.FhirTargetStore;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.RetrySpec;
import io.chartbridge.core.project.TargetSpec.SmartBackend;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.target.TargetUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff's and undo's target store is a client of the target like the loader's (issue 20: "through
 * FhirClients.create"): it signs in with the project's SMART credentials, a refused token is renewed once, an outage
 * is waited out under target.retry, and a client the token endpoint refuses stops it with the auth's own line.
 */
class FhirTargetStoreAuthTest {

    private static FhirContext fhir;

    @TempDir
    Path dir;
    private WireMockServer server;

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
                 "resource":[{"type":"Patient","searchParam":[{"name":"identifier","type":"token"}]}]}]}""")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private FhirTargetStore store() {
        String base = "http://127.0.0.1:" + server.port() + "/fhir";
        Path key = TestKeys.write(dir, "client.pem", TestKeys.pem(TestKeys.rsa(2048)));
        SmartBackend smart = new SmartBackend("http://127.0.0.1:" + server.port() + "/auth/token", "diff-test", key,
                null, "rsa-1", List.of("system/*.read", "system/*.write"));
        return new FhirTargetStore(new TargetSpec("fhir", null, base, WriteMode.PUT, 100, 1,
                new AuthSpec("smart-backend", null, null, null, smart),
                new RetrySpec(Duration.ofSeconds(20), Duration.ofMillis(20), Duration.ofMillis(200))), fhir);
    }

    private static ResponseDefinitionBuilder token(String value) {
        return okJson("{\"access_token\":\"" + value + "\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                + "\"scope\":\"system/*.read system/*.write\"}");
    }

    private void tokenEndpoint(ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i + 1 < answers.length ? "answer " + (i + 2) : state;
            server.stubFor(post(urlEqualTo("/auth/token")).inScenario("token").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private static ResponseDefinitionBuilder onePatient() {
        return okJson("""
                {"resourceType":"Bundle","type":"batch-response","entry":[
                  {"response":{"status":"200 OK"},"resource":{"resourceType":"Bundle","type":"searchset",
                    "entry":[{"resource":{"resourceType":"Patient","id":"p1","meta":{"versionId":"2"}}}]}}]}""");
    }

    @Test
    void readsAndDeletesCarryTheSmartTokenAndARefusedTokenIsRenewedOnce() {
        tokenEndpoint(token("token-1"), token("token-2"));
        server.stubFor(post(urlPathMatching("/fhir/?")).willReturn(onePatient()));
        server.stubFor(delete(urlPathEqualTo("/fhir/Patient/p1")).withHeader("Authorization",
                equalTo("Bearer token-1")).willReturn(aResponse().withStatus(401)));
        server.stubFor(delete(urlPathEqualTo("/fhir/Patient/p1")).withHeader("Authorization",
                equalTo("Bearer token-2")).willReturn(aResponse().withStatus(204)));
        FhirTargetStore store = store();

        assertThat(store.read("Patient", List.of("p1"))).containsOnlyKeys("p1");
        store.delete("Patient", "p1");

        assertThat(server.findAll(postRequestedFor(urlPathMatching("/fhir/?"))))
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer token-1"));
        assertThat(server.findAll(deleteRequestedFor(urlPathEqualTo("/fhir/Patient/p1")))).hasSize(2);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/auth/token")))).hasSize(2);
    }

    @Test
    void anOutageIsWaitedOutUnderTheTargetsRetryPolicy() {
        tokenEndpoint(token("token-1"));
        server.stubFor(post(urlPathMatching("/fhir/?")).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("back"));
        server.stubFor(post(urlPathMatching("/fhir/?")).inScenario("outage").whenScenarioStateIs("back")
                .willReturn(onePatient()));

        assertThat(store().read("Patient", List.of("p1"))).containsOnlyKeys("p1");
        assertThat(server.findAll(postRequestedFor(urlPathMatching("/fhir/?")))).hasSize(2);
    }

    @Test
    void aClientTheTokenEndpointRefusesStopsBeforeAnyFhirRequest() {
        server.stubFor(post(urlEqualTo("/auth/token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"unknown key\"}")));

        assertThatThrownBy(() -> store().read("Patient", List.of("p1")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("refused client 'diff-test'");
        assertThat(server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getUrl().startsWith("/fhir/") && !r.getUrl().startsWith("/fhir/metadata")))
                .isEmpty();
    }
}
