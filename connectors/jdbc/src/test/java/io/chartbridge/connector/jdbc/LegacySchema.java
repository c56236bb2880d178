package io.chartbridge.connector.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Loads test-fixtures/sql/legacy-schema.sql, statement by statement, into a fresh database. */
final class LegacySchema {

    private LegacySchema() {
    }

    static void load(Connection c) throws IOException, SQLException {
        String script = Files.readString(Fixtures.path("sql/legacy-schema.sql"));
        StringBuilder without = new StringBuilder();
        script.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> without.append(l).append('\n'));
        try (Statement st = c.createStatement()) {
            for (String table : new String[] {"meds", "problems", "visits", "patients"}) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
            for (String sql : without.toString().split(";\\s*\n")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
    }
}
