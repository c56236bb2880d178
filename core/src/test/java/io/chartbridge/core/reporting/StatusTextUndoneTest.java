package io.chartbridge.core.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** An undone run says so, with what undo took back and left, in `status` and the report (issue 20, item 5). */
class StatusTextUndoneTest {

    private static final OffsetDateTime START = OffsetDateTime.parse("2026-03-01T14:00:00Z");

    private static RunInfo run(RunStatus status, String message) {
        return new RunInfo(3, "st-mary", "project.yaml", "fhir:http://ehr/fhir", START, START.plusHours(1), status,
                message);
    }

    @Test
    void anUndoneRunSaysWhatUndoTookBackAndLeft() {
        assertThat(StatusText.undoneLine(run(RunStatus.UNDONE, "undone: 2 created resource(s) deleted, 1 updated"
                + " resource(s) restored; 1 left alone (changed since the run)")))
                .isEqualTo("Undone: 2 created resource(s) deleted, 1 updated resource(s) restored; 1 left alone"
                        + " (changed since the run) (the figures below are what the run loaded)");
    }

    @Test
    void otherRunsHaveNoSuchLine() {
        assertThat(StatusText.undoneLine(run(RunStatus.COMPLETED, "undone: looks like it"))).isNull();
        assertThat(StatusText.undoneLine(run(RunStatus.FAILED, null))).isNull();
    }
}
