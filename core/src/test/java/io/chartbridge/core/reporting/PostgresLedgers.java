package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.LedgerSpec;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Opens a ledger in a fresh schema of the throwaway PostgreSQL server core's ledger tests use. That server's helper
 * is package-private in {@code io.chartbridge.core.ledger}'s tests, so it is reached by reflection rather than
 * copied: one server for every PostgreSQL test of the module.
 */
public final class PostgresLedgers {

    private PostgresLedgers() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> settings() throws Exception {
        Method settings = Class.forName("io.chartbridge.core.ledger.PostgresTestServer").getDeclaredMethod("settings");
        settings.setAccessible(true);
        return (Map<String, String>) settings.invoke(null);
    }

    public static Ledger openInFreshSchema() throws Exception {
        Map<String, String> s = settings();
        String schema = "reports_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String base = s.get("url");
        try (Ledger admin = Ledger.open(new LedgerSpec(base, s.get("user"), s.get("password")));
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
        }
        return Ledger.open(new LedgerSpec(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                s.get("user"), s.get("password")));
    }
}
