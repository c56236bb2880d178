package io.chartbridge.core.ledger;

import io.chartbridge.core.project.LedgerSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on the default embedded H2 file database. */
class LedgerH2Test extends LedgerContract {

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

    @Override
    protected Ledger ledger() {
        return ledger;
    }
}
