package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.Ledger;

/** The reporting figures on a real PostgreSQL ledger: the same queries must give the same numbers as on H2. */
class LedgerReportsPostgresIT extends LedgerReportsTest {

    @Override
    protected Ledger openLedger() throws Exception {
        return PostgresLedgers.openInFreshSchema();
    }
}
