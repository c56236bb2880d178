package io.chartbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.SentContent;
import io.chartbridge.core.review.AuditLog;
import io.chartbridge.core.target.TargetUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undo over a ledger written as the load stage writes it and a target in memory that enforces references on delete:
 * run 1 created Patient/a and Patient/b; run 2 updated b, created c with an Observation pointing at it, and created
 * d, which a person changed afterwards.
 */
class RunUndoTest {

    @TempDir
    Path dir;

    private final InMemoryTarget target = new InMemoryTarget();
    private LedgerFixture fx;
    private long runOne;
    private long runTwo;
    private MappedResource bBefore;

    @BeforeEach
    void twoRuns() {
        fx = new LedgerFixture(dir, target);
        runOne = fx.startRun();
        fx.load("{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1970-01-01\"}");
        bBefore = fx.load("{\"resourceType\":\"Patient\",\"id\":\"b\",\"birthDate\":\"1980-01-01\"}");
        fx.finishRun();
        runTwo = fx.startRun();
        fx.load("{\"resourceType\":\"Patient\",\"id\":\"b\",\"birthDate\":\"1980-02-02\"}");
        fx.load("{\"resourceType\":\"Patient\",\"id\":\"c\",\"birthDate\":\"1990-01-01\"}");
        fx.load("{\"resourceType\":\"Observation\",\"id\":\"x\",\"subject\":{\"reference\":\"Patient/c\"}}");
        fx.load("{\"resourceType\":\"Patient\",\"id\":\"d\",\"birthDate\":\"1995-01-01\"}");
        fx.finishRun();
        target.put("{\"resourceType\":\"Patient\",\"id\":\"d\",\"birthDate\":\"1995-01-01\",\"gender\":\"other\"}");
    }

    @AfterEach
    void close() {
        fx.ledger.close();
    }

    private RunUndo undo(SentContent sent) {
        return new RunUndo(new UndoLedger(fx.ledger), target, sent, new AuditLog(fx.ledger.dataSource(),
                Clock.systemUTC()));
    }

    @Test
    void theLoadStageRecordsWhatAnUpdateReplacedSoThatUndoCanPutItBack() {
        List<RunEffect> effects = new UndoLedger(fx.ledger).effects(runTwo, target.key());

        RunEffect b = effects.stream().filter(e -> e.id().equals("b")).findFirst().orElseThrow();
        assertThat(b.created()).isFalse();
        assertThat(b.priorHash()).isEqualTo(bBefore.contentHash());
        assertThat(b.priorVersion()).isEqualTo("1");
        assertThat(b.priorRunId()).isEqualTo(runOne);
        assertThat(b.firstVersion()).isEqualTo("2");
        assertThat(effects).filteredOn(RunEffect::created).extracting(RunEffect::id).containsExactlyInAnyOrder(
                "c", "d", "x");
    }

    @Test
    void aDryRunCountsAndChangesNothing() {
        RunUndo.Result dry = undo(SentContent.NONE).undo(runTwo, true, "tester");

        assertThat(dry.plan().deleteCount()).isEqualTo(2);
        assertThat(dry.plan().restoreCount()).isEqualTo(1);
        assertThat(dry.plan().refusals()).singleElement().satisfies(r -> {
            assertThat(r.effect().reference()).isEqualTo("Patient/d");
            assertThat(r.reason()).contains("changed on the target since the run (version 2; the run left version 1)");
        });
        assertThat(target.deleted).isEmpty();
        assertThat(fx.ledger.run(runTwo).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void undoRestoresFromHistoryDeletesReferrersFirstLeavesWhatAPersonChangedAndMarksTheRunUndone() {
        RunUndo.Result result = undo(SentContent.NONE).undo(runTwo, false, "admin");

        assertThat(target.deleted).containsExactly("Observation/x", "Patient/c");
        assertThat(target.current("Patient/b").path("birthDate").asText()).isEqualTo("1980-01-01");
        assertThat(target.current("Patient/b").path("meta").path("versionId").asText()).isEqualTo("3");
        assertThat(target.current("Patient/d").path("gender").asText()).isEqualTo("other");
        assertThat(result.incomplete()).isTrue();
        assertThat(RunUndo.message(result)).isEqualTo("undone: 2 created resource(s) deleted, 1 updated resource(s)"
                + " restored; 1 left alone (changed since the run)");
        assertThat(fx.ledger.run(runTwo).orElseThrow().status()).isEqualTo(RunStatus.UNDONE);
        // The ledger follows the target: c and x are forgotten (a later run creates them), b holds run 1's content.
        assertThat(fx.ledger.targetId(target.key(), "Patient", "c")).isEmpty();
        assertThat(fx.ledger.targetId(target.key(), "Observation", "x")).isEmpty();
        assertThat(fx.ledger.heldHashes(target.key(), List.of(bBefore))).containsEntry("Patient/b",
                bBefore.contentHash());
        assertThat(new AuditLog(fx.ledger.dataSource(), Clock.systemUTC()).recent(5)).singleElement()
                .satisfies(a -> assertThat(a.action()).isEqualTo("UNDO_RUN"));

        RunUndo.Result again = undo(SentContent.NONE).undo(runTwo, true, "admin");
        assertThat(again.plan().deleteCount() + again.plan().restoreCount()).as("already undone").isZero();
        assertThat(again.plan().refusals()).hasSize(1);
    }

    @Test
    void withoutHistoryTheContentThePriorRunSentIsRestored() {
        target.keepsHistory = false;
        SentContent priorRun = (run, resources) -> {
            assertThat(run).isEqualTo(runOne);
            LoadedResource r = resources.get(0);
            return Map.of(r, new SentContent.Sent((ObjectNode) LedgerFixture.parse(
                    "{\"resourceType\":\"Patient\",\"id\":\"b\",\"birthDate\":\"1980-01-01\"}"), null));
        };

        RunUndo.Result result = undo(priorRun).undo(runTwo, false, "admin");

        assertThat(result.count("RESTORE", "DONE")).isEqualTo(1);
        assertThat(target.current("Patient/b").path("birthDate").asText()).isEqualTo("1980-01-01");
    }

    @Test
    void withoutHistoryOrARebuildableSourceTheUpdateIsReportedNotGuessed() {
        target.keepsHistory = false;

        RunUndo.Result result = undo(SentContent.NONE).undo(runTwo, false, "admin");

        assertThat(result.outcomes()).filteredOn(o -> o.result().equals("FAILED")).singleElement()
                .satisfies(o -> assertThat(o.detail()).contains("the target keeps no history"));
        assertThat(target.current("Patient/b").path("birthDate").asText()).isEqualTo("1980-02-02");
    }

    @Test
    void aResourceALaterRunChangedIsLeftAlone() {
        fx.startRun();
        fx.load("{\"resourceType\":\"Observation\",\"id\":\"x\",\"subject\":{\"reference\":\"Patient/c\"},"
                + "\"status\":\"final\"}");
        fx.finishRun();

        UndoPlan plan = undo(SentContent.NONE).plan(runTwo);

        assertThat(plan.refusals()).extracting(r -> r.effect().id() + ": " + r.reason()).contains(
                "x: run " + (runTwo + 1) + " loaded another version of it since",
                "c: Observation/x, which stays on the target, refers to it");
        assertThat(plan.deleteCount()).isZero();
    }

    @Test
    void aResourceAPersonChangesWhileTheUndoRunsIsLeftAloneNotDeleted() {
        // Restores go first; while b is being restored a person saves c.
        target.afterRestore = () -> target.put("{\"resourceType\":\"Patient\",\"id\":\"c\","
                + "\"birthDate\":\"1990-01-01\",\"active\":true}");

        RunUndo.Result result = undo(SentContent.NONE).undo(runTwo, false, "admin");

        assertThat(target.deleted).containsExactly("Observation/x");
        assertThat(target.current("Patient/c").path("active").asBoolean()).isTrue();
        assertThat(result.leftAlone()).extracting(r -> r.effect().id() + ": " + r.reason()).contains(
                "c: changed on the target while the undo ran (version 2; the run left version 1)");
        assertThat(RunUndo.message(result)).isEqualTo("undone: 1 created resource(s) deleted, 1 updated resource(s)"
                + " restored; 2 left alone (changed since the run)");
        assertThat(fx.ledger.targetId(target.key(), "Patient", "c")).as("still on the target").isPresent();
    }

    @Test
    void aTargetGoneMidwayStopsTheUndoAuditedAndUndoingAgainTakesUpTheRest() {
        target.deletesFailWith = new TargetUnavailableException("FHIR target is unreachable past target.retry");

        assertThatThrownBy(() -> undo(SentContent.NONE).undo(runTwo, false, "admin"))
                .isInstanceOf(TargetUnavailableException.class);

        assertThat(target.current("Patient/b").path("birthDate").asText()).as("restored before it stopped")
                .isEqualTo("1980-01-01");
        assertThat(fx.ledger.run(runTwo).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(new AuditLog(fx.ledger.dataSource(), Clock.systemUTC()).recent(5)).singleElement()
                .satisfies(a -> assertThat(a.action()).isEqualTo("UNDO_RUN_STOPPED"));

        target.deletesFailWith = null;
        RunUndo.Result rest = undo(SentContent.NONE).undo(runTwo, false, "admin");

        assertThat(rest.count("RESTORE", "DONE")).as("b was already restored").isZero();
        assertThat(target.deleted).containsExactly("Observation/x", "Patient/c");
        assertThat(fx.ledger.run(runTwo).orElseThrow().status()).isEqualTo(RunStatus.UNDONE);
    }
}
