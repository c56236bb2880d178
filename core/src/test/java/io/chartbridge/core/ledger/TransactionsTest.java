package io.chartbridge.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.project.LedgerSpec;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's writes are stored together or not at all, whatever ends the batch. */
class TransactionsTest {

    @TempDir
    Path dir;

    private Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private List<String> runs() {
        return ledger.query("select project from run", rs -> rs.getString(1));
    }

    private void insertRun(java.sql.Connection c, String project) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into run (project, project_file, target_key,"
                + " started_at, status) values (?, 'p', 't', current_timestamp, 'RUNNING')")) {
            ps.setString(1, project);
            ps.executeUpdate();
        }
    }

    @Test
    void anErrorInTheMiddleOfABatchLeavesNoneOfItsWrites() {
        // An OutOfMemoryError (or any Error) after the first write used to skip the rollback; the finally that
        // turned auto-commit back on then committed the half batch.
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        assertThatThrownBy(() -> Transactions.inTransaction(ledger.dataSource(), "batch failed", c -> {
            insertRun(c, "half-a-batch");
            throw oom;
        })).isSameAs(oom);

        assertThat(runs()).doesNotContain("half-a-batch");
        // The connection went back to the pool in auto-commit mode: a later plain write is stored.
        ledger.startRun("after", "p", "t");
        assertThat(runs()).containsExactly("after");
    }

    @Test
    void aRuntimeExceptionOrDatabaseErrorAlsoLeavesNothing() {
        assertThatThrownBy(() -> Transactions.inTransaction(ledger.dataSource(), "batch failed", c -> {
            insertRun(c, "one");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Transactions.inTransaction(ledger.dataSource(), "batch failed", c -> {
            insertRun(c, "two");
            c.createStatement().execute("insert into no_such_table values (1)");
            return null;
        })).isInstanceOf(LedgerException.class).hasMessage("batch failed");
        assertThat(runs()).isEmpty();
    }

    @Test
    void aBatchThatEndsNormallyIsStoredWhole() {
        Transactions.inTransaction(ledger.dataSource(), "batch failed", c -> {
            insertRun(c, "a");
            insertRun(c, "b");
            return null;
        });
        assertThat(runs()).containsExactlyInAnyOrder("a", "b");
    }
}
