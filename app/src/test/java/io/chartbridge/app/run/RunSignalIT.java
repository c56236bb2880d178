package io.chartbridge.app.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.chartbridge.app.robustness.ForkedChartBridge;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.project.ProjectLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 011's clean stop, as a user meets it: {@code chartbridge run} in a JVM of its own gets a real SIGINT (Ctrl-C)
 * or SIGTERM (a service manager) while transactions are in flight. The process exits with 130 or 143, prints one
 * summary and no stack trace, the run is INTERRUPTED with nothing FAILED, and the next run sends exactly what the
 * first did not: every patient reaches the target once, none twice.
 */
class RunSignalIT {

    private static final int PATIENTS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAPABILITY = """
            {"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1",
             "format":["json"],"date":"2026-01-01"}""";

    @TempDir
    Path dir;

    private WireMockServer fhir;

    @BeforeEach
    void startServer() {
        fhir = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new TransactionResponder()));
        fhir.start();
        fhir.stubFor(get(urlPathEqualTo("/fhir/metadata")).willReturn(okJson(CAPABILITY)));
    }

    @AfterEach
    void stopServer() {
        fhir.stop();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"INT,130", "TERM,143"})
    void aSignalEndsTheRunInterruptedWithItsExitCodeAndTheNextRunSendsExactlyTheRest(String signal, int exit)
            throws Exception {
        Path project = project();
        ForkedChartBridge chartbridge = new ForkedChartBridge(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                Map.of(), dir);
        answerTransactions(1_500);

        Process first = chartbridge.start("first", "run", project.toString());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (transactions().isEmpty() && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(transactions()).as("a transaction reached the target: %s", chartbridge.output("first"))
                .isNotEmpty();
        new ProcessBuilder("kill", "-" + signal, String.valueOf(first.pid())).inheritIO().start().waitFor();
        assertThat(first.waitFor(3, TimeUnit.MINUTES)).as("the run ended after SIG%s", signal).isTrue();
        Thread.sleep(1_000);
        List<LoggedRequest> sentByFirst = transactions();
        String output = chartbridge.output("first");

        assertThat(first.exitValue()).as(output).isEqualTo(exit);
        assertThat(output).contains("chartbridge: stopping: no new records").doesNotContain("\tat ")
                .doesNotContain("Exception in thread");
        assertThat(output.split("interrupted: stopped on request", -1)).as("one summary: " + output).hasSize(2);
        RunInfo run;
        long loadedByFirst;
        try (Ledger ledger = Ledger.open(new ProjectLoader().load(project).ledger())) {
            run = ledger.latestRun().orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
            loadedByFirst = ledger.summary(run.id()).items(ItemState.LOADED);
            assertThat(ledger.summary(run.id()).items(ItemState.FAILED)).isZero();
        }
        Set<String> patientsOfFirst = patientIds(sentByFirst);
        // Every transaction that went out was answered and recorded: what the ledger calls loaded is what was sent.
        assertThat(loadedByFirst).isEqualTo(patientsOfFirst.size()).isLessThan(PATIENTS);

        fhir.resetRequests();
        answerTransactions(0);
        ForkedChartBridge.Result second = chartbridge.run(Duration.ofMinutes(10), "second", "run",
                project.toString());

        assertThat(second.exit()).as(second.output()).isZero();
        List<String> sentBySecond = patientIdList(transactions());
        assertThat(sentBySecond).doesNotHaveDuplicates().doesNotContainAnyElementsOf(patientsOfFirst);
        Set<String> all = new HashSet<>(patientsOfFirst);
        all.addAll(sentBySecond);
        assertThat(all).hasSize(PATIENTS);
        try (Ledger ledger = Ledger.open(new ProjectLoader().load(project).ledger())) {
            RunInfo next = ledger.latestRun().orElseThrow();
            assertThat(next.id()).isEqualTo(run.id() + 1);
            assertThat(next.status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    private Path project() throws Exception {
        return TestProjects.write(dir, TestProjects.distinctPeople(PATIENTS), """
                kind: fhir
                url: %s/fhir
                bundleSize: 5
                concurrency: 1
                retry: { maxWait: 30m }
                """.formatted(fhir.baseUrl()));
    }

    private void answerTransactions(int delayMillis) {
        fhir.stubFor(post(urlPathMatching("/fhir/?")).willReturn(aResponse().withFixedDelay(delayMillis)
                .withTransformers("transaction-responder")));
    }

    private List<LoggedRequest> transactions() {
        return fhir.findAll(postRequestedFor(urlPathMatching("/fhir/?")));
    }

    private static Set<String> patientIds(List<LoggedRequest> requests) throws Exception {
        List<String> ids = patientIdList(requests);
        assertThat(ids).as("no patient sent twice in one run").doesNotHaveDuplicates();
        return new HashSet<>(ids);
    }

    private static List<String> patientIdList(List<LoggedRequest> requests) throws Exception {
        List<String> ids = new ArrayList<>();
        for (LoggedRequest request : requests) {
            for (JsonNode entry : JSON.readTree(request.getBodyAsString()).path("entry")) {
                JsonNode resource = entry.path("resource");
                if (resource.path("resourceType").asText().equals("Patient")) {
                    ids.add(entry.path("request").path("url").asText() + "#" + resource.path("id").asText());
                }
            }
        }
        return ids;
    }
}
