package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.Ledger;

/** The project figures on a real PostgreSQL ledger: the same counting must give the same numbers as on H2. */
class ProjectFiguresPostgresIT extends ProjectFiguresTest {

    @Override
    protected Ledger openLedger() throws Exception {
        return PostgresLedgers.openInFreshSchema();
    }
}
