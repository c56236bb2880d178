package io.chartbridge.core.review;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.LedgerSpec;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The review queue's tests on a real PostgreSQL (claims under concurrency, paging, timestamps), each in a fresh
 * schema. The server comes from the ledger tests' PostgresTestServer (CHARTBRIDGE_TEST_PG_* from
 * {@code ./chartbridge test}, or one it starts itself).
 */
class ReviewQueuePostgresIT extends ReviewQueueTest {

    @Override
    protected Ledger openLedger(Path folder) throws Exception {
        Map<String, String> pg = postgres();
        String schema = "review_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Ledger admin = Ledger.open(new LedgerSpec(pg.get("url"), pg.get("user"), pg.get("password")));
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
        }
        String url = pg.get("url") + (pg.get("url").contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Ledger.open(new LedgerSpec(url, pg.get("user"), pg.get("password")));
    }

    /** PostgresTestServer is package-private in the ledger's tests; one server for every test of the JVM. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> postgres() throws Exception {
        Method settings = Class.forName("io.chartbridge.core.ledger.PostgresTestServer").getDeclaredMethod("settings");
        settings.setAccessible(true);
        return (Map<String, String>) settings.invoke(null);
    }
}
