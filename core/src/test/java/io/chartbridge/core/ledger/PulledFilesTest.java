package io.chartbridge.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.source.SourceLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a pulled file counts as taken: by content, per project and source, and only once its records are done. */
class PulledFilesTest {

    private static final String PROJECT = "/p/project.yaml";
    private static final String HASH = "a".repeat(64);

    @TempDir
    Path dir;

    private Ledger ledger;
    private PulledFiles pulled;

    @BeforeEach
    void open() {
        ledger = Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
        pulled = new PulledFiles(ledger);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    /** A run that read a file with one record, left in the given state; returns the run. */
    private long runThatRead(String project, ItemState recordState) {
        long run = ledger.startRun("p", project, "ndjson:/out");
        long file = ledger.recordItem(run, null, "bureau", ItemKind.FILE, SourceLocation.ofFile("sftp://h/a.csv"),
                HASH, ItemState.EXTRACTED, null);
        ledger.recordItem(run, file, "bureau", ItemKind.ROW, SourceLocation.ofLine("a.csv", 2), "b".repeat(64),
                recordState, null);
        long row = pulled.record(run, "bureau", "sftp://h/a.csv", 10, HASH, PulledFiles.Outcome.TAKEN, file, null,
                null);
        pulled.markRead(row);
        ledger.finishRun(run, RunStatus.COMPLETED, null);
        return run;
    }

    @Test
    void aFileReadInAnEarlierRunWhoseRecordsAllSettledIsTaken() {
        long first = runThatRead(PROJECT, ItemState.LOADED);
        long next = ledger.startRun("p", PROJECT, "ndjson:/out");

        assertThat(pulled.taken(PROJECT, "bureau", HASH, next)).hasValueSatisfying(t -> {
            assertThat(t.runId()).isEqualTo(first);
            assertThat(t.origin()).isEqualTo("sftp://h/a.csv");
        });
        assertThat(pulled.taken(PROJECT, "other-source", HASH, next)).isEmpty();
        assertThat(pulled.taken("/q/project.yaml", "bureau", HASH, next)).isEmpty();
        assertThat(pulled.taken(PROJECT, "bureau", "c".repeat(64), next)).isEmpty();
    }

    @Test
    void aFileWhoseRecordsAnEarlierRunLeftUnsettledOrFailedIsReadAgain() {
        runThatRead(PROJECT, ItemState.MAPPED);
        runThatRead("/other.yaml", ItemState.FAILED);
        long next = ledger.startRun("p", PROJECT, "ndjson:/out");
        long afterFailed = ledger.startRun("p", "/other.yaml", "ndjson:/out");

        assertThat(pulled.taken(PROJECT, "bureau", HASH, next)).isEmpty();
        assertThat(pulled.taken("/other.yaml", "bureau", HASH, afterFailed)).isEmpty();
    }

    @Test
    void aFileNotReadToItsEndCountsOnlyWithinItsOwnRun() {
        long run = ledger.startRun("p", PROJECT, "ndjson:/out");
        long file = ledger.recordItem(run, null, "bureau", ItemKind.FILE, SourceLocation.ofFile("sftp://h/a.csv"),
                HASH, ItemState.EXTRACTED, null);
        pulled.record(run, "bureau", "sftp://h/a.csv", 10, HASH, PulledFiles.Outcome.TAKEN, file, null, null);

        assertThat(pulled.taken(PROJECT, "bureau", HASH, run)).isPresent();
        ledger.finishRun(run, RunStatus.INTERRUPTED, "stopped");
        long next = ledger.startRun("p", PROJECT, "ndjson:/out");
        assertThat(pulled.taken(PROJECT, "bureau", HASH, next)).isEmpty();
    }

    @Test
    void aSkippedDuplicateIsNeverWhatLaterFilesAreComparedWith() {
        long first = runThatRead(PROJECT, ItemState.LOADED);
        long run = ledger.startRun("p", PROJECT, "ndjson:/out");
        PulledFiles.Taken taken = pulled.taken(PROJECT, "bureau", HASH, run).orElseThrow();
        pulled.record(run, "bureau", "sftp://h/a-again.csv", 10, HASH, PulledFiles.Outcome.DUPLICATE, null,
                taken.id(), "same content as sftp://h/a.csv (run " + first + ")");

        assertThat(pulled.taken(PROJECT, "bureau", HASH, run)).hasValueSatisfying(t ->
                assertThat(t.origin()).isEqualTo("sftp://h/a.csv"));
        assertThat(pulled.ofRun(run)).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(PulledFiles.Outcome.DUPLICATE);
            assertThat(f.sameAsId()).isEqualTo(taken.id());
            assertThat(f.fileItemId()).isNull();
        });
    }
}
