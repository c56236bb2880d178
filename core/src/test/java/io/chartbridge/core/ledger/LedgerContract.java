package io.chartbridge.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.LoadOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every ledger database must do, run against embedded H2 ({@link LedgerH2Test}) and a real PostgreSQL
 * server ({@link LedgerPostgresIT}) so that one set of migrations is proven on both.
 */
abstract class LedgerContract {

    protected abstract Ledger ledger();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MappedResource patient(String id, String hash) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
        return new MappedResource("Patient", id, json, null, hash);
    }

    @Test
    void itemHistoryKeepsEveryStateWithReasons() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/p/project.yaml", "ndjson:/tmp/out");
        long file = l.recordItem(run, null, "src", ItemKind.FILE, SourceLocation.ofFile("a.csv"), "f00d",
                ItemState.EXTRACTED, null);
        long row = l.recordItem(run, file, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "beef",
                ItemState.RECEIVED, null);
        l.transition(row, ItemState.MAPPED, null);
        l.transition(row, ItemState.QUARANTINED, "DOB: not a date");

        assertThat(l.history(row)).containsExactly(ItemState.RECEIVED, ItemState.MAPPED, ItemState.QUARANTINED);
        assertThat(l.problems(run)).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("a.csv:2");
            assertThat(p.reason()).isEqualTo("DOB: not a date");
            assertThat(p.state()).isEqualTo(ItemState.QUARANTINED);
        });
    }

    @Test
    void summaryCountsRecordsByStateAndResourcesByOutcome() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/p/project.yaml", "t");
        long file = l.recordItem(run, null, "src", ItemKind.FILE, SourceLocation.ofFile("a.csv"), "h",
                ItemState.EXTRACTED, null);
        long a = l.recordItem(run, file, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "1",
                ItemState.RECEIVED, null);
        long b = l.recordItem(run, file, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 3), "2",
                ItemState.RECEIVED, null);
        l.recordItem(run, file, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 4), "3",
                ItemState.QUARANTINED, "wrong column count");
        assertThat(l.inFlight(run)).isEqualTo(2);

        l.recordLoad(run, a, "t", patient("x", "h1"),
                new LoadOutcome("Patient", "x", LoadOutcome.Status.CREATED, "x", "1", null));
        l.transition(a, ItemState.LOADED, null);
        l.recordLoad(run, b, "t", patient("y", "h2"), LoadOutcome.failed("Patient", "y", "422"));
        l.transition(b, ItemState.FAILED, "422");
        l.finishRun(run, RunStatus.COMPLETED, null);

        RunSummary s = l.summary(run);
        assertThat(s.files()).isEqualTo(1);
        assertThat(s.received()).isEqualTo(3);
        assertThat(s.items(ItemState.LOADED)).isEqualTo(1);
        assertThat(s.items(ItemState.FAILED)).isEqualTo(1);
        assertThat(s.items(ItemState.QUARANTINED)).isEqualTo(1);
        assertThat(s.resources("CREATED")).isEqualTo(1);
        assertThat(s.resources("FAILED")).isEqualTo(1);
        assertThat(s.inFlight()).isZero();
        assertThat(s.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(l.inFlight(run)).isZero();
    }

    @Test
    void targetMemoryHoldsTheLatestHashPerTargetAndIgnoresFailures() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/p2/project.yaml", "t1");
        long item = l.recordItem(run, null, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "1",
                ItemState.RECEIVED, null);
        MappedResource v1 = patient("p1", "hash-1");
        MappedResource v2 = patient("p1", "hash-2");
        l.recordLoad(run, item, "t1", v1, new LoadOutcome("Patient", "p1", LoadOutcome.Status.CREATED, "p1", "1", null));
        l.recordLoad(run, item, "t1", v2, LoadOutcome.failed("Patient", "p1", "boom"));
        assertThat(l.heldHashes("t1", List.of(v2))).isEqualTo(Map.of("Patient/p1", "hash-1"));

        l.recordLoad(run, item, "t1", v2, new LoadOutcome("Patient", "p1", LoadOutcome.Status.UPDATED, "p1", "2", null));
        assertThat(l.heldHashes("t1", List.of(v2))).isEqualTo(Map.of("Patient/p1", "hash-2"));
        assertThat(l.heldHashes("another-target", List.of(v2))).isEmpty();
    }

    @Test
    void heldHashesAnswersEveryKeyOfALargeMixedBatchAndNothingElse() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/p3/project.yaml", "t3");
        long item = l.recordItem(run, null, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "1",
                ItemState.RECEIVED, null);
        List<MappedResource> asked = new java.util.ArrayList<>();
        Map<String, String> expected = new java.util.HashMap<>();
        for (int i = 0; i < 700; i++) {
            MappedResource p = patient("p" + i, "hash-p" + i);
            ObjectNode obs = JSON.createObjectNode().put("resourceType", "Observation").put("id", "p" + i);
            MappedResource o = new MappedResource("Observation", "p" + i, obs, null, "hash-o" + i);
            asked.add(p);
            asked.add(o);
            if (i % 3 == 0) { // a third of the patients and every seventh observation are held
                l.recordLoad(run, item, "t3", p, new LoadOutcome("Patient", p.id(), LoadOutcome.Status.CREATED,
                        p.id(), "1", null));
                expected.put("Patient/p" + i, "hash-p" + i);
            }
            if (i % 7 == 0) {
                l.recordLoad(run, item, "t3", o, new LoadOutcome("Observation", o.id(), LoadOutcome.Status.CREATED,
                        o.id(), "1", null));
                expected.put("Observation/p" + i, "hash-o" + i);
            }
        }
        // Held by another target only: not an answer for this one.
        l.recordLoad(run, item, "t4", patient("p1", "other"), new LoadOutcome("Patient", "p1",
                LoadOutcome.Status.CREATED, "p1", "1", null));

        assertThat(l.heldHashes("t3", asked)).isEqualTo(expected);
        assertThat(l.heldHashes("t3", List.of())).isEmpty();
    }

    @Test
    void aChunkOfItemsIsRecordedWithIdsInOrderAndTheirFirstState() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/p5/project.yaml", "t");
        List<Ledger.NewItem> chunk = new java.util.ArrayList<>();
        for (int line = 2; line < 152; line++) {
            boolean bad = line % 50 == 0;
            chunk.add(new Ledger.NewItem(run, null, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", line),
                    "h" + line, bad ? ItemState.QUARANTINED : ItemState.RECEIVED, bad ? "not a date" : null));
        }
        List<Long> ids = l.recordItems(chunk);

        assertThat(ids).hasSize(150).doesNotHaveDuplicates();
        assertThat(l.query("select location from source_item where id = ?", rs -> rs.getString(1), ids.get(0)))
                .containsExactly("a.csv:2");
        assertThat(l.query("select location from source_item where id = ?", rs -> rs.getString(1), ids.get(148)))
                .containsExactly("a.csv:150");
        assertThat(l.history(ids.get(48))).containsExactly(ItemState.QUARANTINED);
        assertThat(l.inFlight(run)).isEqualTo(147);
        assertThat(l.problems(run)).extracting(ItemProblem::location)
                .containsExactly("a.csv:50", "a.csv:100", "a.csv:150");
    }

    @Test
    void gatheredWritesLandTogetherAndTheLastLoadOfAResourceIsWhatTheTargetHolds() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/p6/project.yaml", "t6");
        long a = l.recordItem(run, null, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "1",
                ItemState.RECEIVED, null);
        long b = l.recordItem(run, null, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 3), "2",
                ItemState.RECEIVED, null);
        MappedResource first = patient("same", "hash-first");
        MappedResource second = patient("same", "hash-second");
        LedgerWrites writes = new LedgerWrites()
                .transition(a, ItemState.MAPPED, null)
                .transition(b, ItemState.MAPPED, null)
                .decision(run, a, "MATCH", "NO_MATCH", "chartbridge", "{}")
                .load(run, a, "t6", first, new LoadOutcome("Patient", "same", LoadOutcome.Status.UNCHANGED, null,
                        null, "superseded by a later record with the same key in this batch"))
                .load(run, b, "t6", second, new LoadOutcome("Patient", "same", LoadOutcome.Status.CREATED, "same",
                        "1", null))
                .transition(a, ItemState.LOADED, null)
                .transition(b, ItemState.LOADED, null);
        assertThat(l.history(a)).containsExactly(ItemState.RECEIVED);

        l.apply(writes);

        assertThat(l.history(a)).containsExactly(ItemState.RECEIVED, ItemState.MAPPED, ItemState.LOADED);
        assertThat(l.itemState(b)).contains(ItemState.LOADED);
        assertThat(l.heldHashes("t6", List.of(second))).isEqualTo(Map.of("Patient/same", "hash-second"));
        assertThat(l.summary(run).resources("CREATED")).isEqualTo(1);
        assertThat(l.summary(run).resources("UNCHANGED")).isEqualTo(1);
        assertThat(l.query("select count(*) from decision where item_id = ?", rs -> rs.getLong(1), a))
                .containsExactly(1L);
    }

    @Test
    void gatheredWritesThatFailLeaveNothingBehind() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/p7/project.yaml", "t7");
        long a = l.recordItem(run, null, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "1",
                ItemState.RECEIVED, null);
        long noSuchRun = run + 1000;
        LedgerWrites writes = new LedgerWrites()
                .transition(a, ItemState.LOADED, null)
                .load(noSuchRun, a, "t7", patient("x", "h"), new LoadOutcome("Patient", "x",
                        LoadOutcome.Status.CREATED, "x", "1", null));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> l.apply(writes)).isInstanceOf(LedgerException.class);

        assertThat(l.history(a)).containsExactly(ItemState.RECEIVED);
        assertThat(l.heldHashes("t7", List.of(patient("x", "h")))).isEmpty();
    }

    @Test
    void runNumbersFollowEachOtherWithoutGapsWhateverTheIdentitySequenceDid() {
        Ledger l = ledger();
        long first = l.startRun("p", "/tmp/numbers/project.yaml", "t");
        // What H2 does to its sequences after an unclean stop: the next value jumps ahead.
        l.update("alter table run alter column id restart with " + (first + 1000));
        long second = l.startRun("p", "/tmp/numbers/project.yaml", "t");
        long third = l.startRun("p", "/tmp/numbers/project.yaml", "t");

        assertThat(second).isEqualTo(first + 1);
        assertThat(third).isEqualTo(first + 2);
    }

    @Test
    void aRunWaitingForTheTargetSaysSinceWhenAndTheEndOfTheRunClearsIt() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/waiting/project.yaml", "t");
        java.time.Instant since = java.time.Instant.parse("2026-03-01T10:00:00Z");
        l.runWaiting(run, since, since.plusSeconds(20), "connection refused");

        RunInfo.Waiting w = l.run(run).orElseThrow().waiting();
        assertThat(w.since().toInstant()).isEqualTo(since);
        assertThat(w.nextTry().toInstant()).isEqualTo(since.plusSeconds(20));
        assertThat(w.reason()).isEqualTo("connection refused");

        l.finishRun(run, RunStatus.INTERRUPTED, "the target did not answer");
        assertThat(l.run(run).orElseThrow().waiting()).isNull();
    }

    @Test
    void aRunsFinishedPausesStayInItsHistory() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/pauses/project.yaml", "t");
        java.time.Instant since = java.time.Instant.parse("2026-03-01T10:00:00Z");
        l.recordPause(run, "kafka-broker", since, since.plusSeconds(95), "no answer within 5 s");
        l.finishRun(run, RunStatus.COMPLETED, null);

        assertThat(l.pauses(run)).singleElement().satisfies(p -> {
            assertThat(p.waitedFor()).isEqualTo("kafka-broker");
            assertThat(p.since()).isEqualTo(since);
            assertThat(p.length()).isEqualTo(java.time.Duration.ofSeconds(95));
            assertThat(p.reason()).isEqualTo("no answer within 5 s");
        });
        assertThat(l.pauses(l.startRun("p", "/tmp/pauses/project.yaml", "t"))).isEmpty();
    }

    @Test
    void runsLeftRunningByACrashAreMarkedInterrupted() {
        Ledger l = ledger();
        long crashed = l.startRun("p", "/tmp/crash/project.yaml", "t");
        assertThat(l.markInterruptedRuns("/tmp/crash/project.yaml")).isEqualTo(1);
        assertThat(l.run(crashed).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(l.markInterruptedRuns("/tmp/crash/project.yaml")).isZero();
    }

    @Test
    void anotherIdSecretIsNamedOnlyWhileTheTargetHoldsResourcesOfItsRuns() {
        Ledger l = ledger();
        long first = l.startRun("p", "/tmp/k/project.yaml", "tk", "key-a");
        assertThat(l.otherIdKey("tk", "key-b")).as("nothing loaded yet").isEmpty();
        long item = l.recordItem(first, null, "src", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "1",
                ItemState.RECEIVED, null);
        l.recordLoad(first, item, "tk", patient("p1", "h"),
                new LoadOutcome("Patient", "p1", LoadOutcome.Status.CREATED, "p1", "1", null));

        assertThat(l.otherIdKey("tk", "key-a")).isEmpty();
        assertThat(l.otherIdKey("tk", "key-b")).contains("key-a");
        assertThat(l.otherIdKey("another-target", "key-b")).isEmpty();
        l.forgetTarget("tk");
        assertThat(l.otherIdKey("tk", "key-b")).as("after the target was reset and forgotten").isEmpty();
    }

    @Test
    void decisionsAreKept() {
        Ledger l = ledger();
        long run = l.startRun("p", "/tmp/d/project.yaml", "t");
        long id = l.recordDecision(run, null, "MATCH", "POSSIBLE_MATCH", "chartbridge", "{\"probability\":0.9}");
        assertThat(l.query("select outcome, detail from decision where id = ?",
                rs -> rs.getString(1) + " " + rs.getString(2), id))
                .containsExactly("POSSIBLE_MATCH {\"probability\":0.9}");
    }
}
