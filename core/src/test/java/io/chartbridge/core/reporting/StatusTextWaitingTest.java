package io.chartbridge.core.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class StatusTextWaitingTest {

    private static final OffsetDateTime START = OffsetDateTime.parse("2026-03-01T14:00:00Z");

    private static RunInfo run(RunStatus status, RunInfo.Waiting waiting) {
        return new RunInfo(3, "st-mary", "project.yaml", "fhir:http://ehr/fhir", START, null, status, null, waiting);
    }

    @Test
    void aRunningRunThatWaitsForTheTargetSaysSinceWhenWhyAndWhenItTriesAgain() {
        RunInfo.Waiting w = new RunInfo.Waiting(START.plusMinutes(2).plusSeconds(11), START.plusMinutes(3),
                "connection refused");

        assertThat(StatusText.waitingLine(run(RunStatus.RUNNING, w), START.plusMinutes(2).plusSeconds(40)))
                .isEqualTo("Waiting for the target since 14:02:11 UTC (connection refused, for 29 s), next try in"
                        + " 20 s");
    }

    @Test
    void aRunThatWaitsForTheKafkaBrokerSaysSoRatherThanBlamingTheTarget() {
        RunInfo.Waiting w = new RunInfo.Waiting(START, START.plusSeconds(30),
                StatusText.BROKER_WAIT + "no answer within 5 s");

        assertThat(StatusText.waitingLine(run(RunStatus.RUNNING, w), START.plusSeconds(10)))
                .isEqualTo("Waiting for the Kafka broker since 14:00 UTC (no answer within 5 s, for 10 s), next try in"
                        + " 20 s");
    }

    @Test
    void noLineWhileTheTargetAnswersOrOnceTheRunEnded() {
        RunInfo.Waiting w = new RunInfo.Waiting(START, START.plusSeconds(5), "HTTP 503");

        assertThat(StatusText.waitingLine(run(RunStatus.RUNNING, null), START)).isNull();
        assertThat(StatusText.waitingLine(run(RunStatus.INTERRUPTED, w), START)).isNull();
    }
}
