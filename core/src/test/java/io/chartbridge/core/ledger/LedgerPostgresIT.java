package io.chartbridge.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.project.LedgerSpec;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger contract on a real PostgreSQL server (see {@link PostgresTestServer}). Each test works in a fresh
 * schema, so the Flyway migrations run from scratch every time.
 */
class LedgerPostgresIT extends LedgerContract {

    private Ledger ledger;
    private String schema;

    @BeforeEach
    void open() throws Exception {
        schema = "ledger_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user = PostgresTestServer.settings().get("user");
        String password = PostgresTestServer.settings().get("password");
        String base = PostgresTestServer.settings().get("url");
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Ledger admin = Ledger.open(new LedgerSpec(base, user, password));
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
        }
        ledger = Ledger.open(new LedgerSpec(url, user, password));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Override
    protected Ledger ledger() {
        return ledger;
    }

    @Test
    void runsOnPostgresql() throws Exception {
        try (Connection c = ledger.dataSource().getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(c.getSchema()).isEqualTo(schema);
        }
    }
}
