package io.chartbridge.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.source.SourceConnector.SourceReader;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The legacy clinic schema in a real PostgreSQL server, in its own schema so the ledger tests' tables are untouched. */
class JdbcQueryConnectorPostgresIT {

    private static String url;
    private static Map<String, String> db;

    @BeforeAll
    static void loadLegacyClinic() throws IOException, SQLException {
        db = PostgresTestServer.settings();
        String base = db.get("url");
        try (Connection c = DriverManager.getConnection(base, db.get("user"), db.get("password"));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS legacy_clinic CASCADE");
            st.execute("CREATE SCHEMA legacy_clinic");
        }
        url = base + (base.contains("?") ? "&" : "?") + "currentSchema=legacy_clinic";
        try (Connection c = DriverManager.getConnection(url, db.get("user"), db.get("password"))) {
            LegacySchema.load(c);
        }
    }

    @Test
    void patientsArePagedByKeyWithLowerCaseColumnLabels() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("table", "patients", "keyColumn", "patient_id", "pageSize", 3));

        assertThat(entries).hasSize(8).allMatch(SourceRecord.class::isInstance);
        SourceRecord accented = (SourceRecord) entries.get(5);
        assertThat(accented.value("last_name")).isEqualTo("Müller");
        assertThat(accented.value("dob")).isEqualTo("1990-01-01");
        assertThat(accented.location().toString()).isEqualTo("patients row 6");
    }

    @Test
    void withoutAKeyTheQueryIsStreamedWithACursor() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("query", "SELECT * FROM meds ORDER BY med_id", "pageSize", 2));

        assertThat(entries).extracting(e -> ((SourceRecord) e).value("drug_name")).containsExactly(
                "Lisinopril 10 mg tablet", "Albuterol HFA inhaler", "Metformin 500 mg tablet", "Hydrocortisone 1% cream");
    }

    @Test
    void aSelfPagingQueryBindsAWholeNumberFirstKey() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("query", "SELECT problem_id, icd9_code FROM problems"
                + " WHERE problem_id > :lastKey ORDER BY problem_id LIMIT 3", "keyColumn", "problem_id",
                "firstKey", "0"));

        assertThat(entries).extracting(e -> ((SourceRecord) e).value("icd9_code"))
                .containsExactly("401.9", "493.90", "250.00", "692.9");
    }

    private static List<SourceEntry> readAll(Map<String, Object> extra) throws IOException {
        Map<String, Object> options = new HashMap<>(extra);
        options.put("url", url);
        options.put("username", db.get("user"));
        options.put("password", db.get("password"));
        List<SourceEntry> out = new ArrayList<>();
        try (SourceReader reader = new JdbcQueryConnector().open(new SourceSpec("clinic", "jdbc", Path.of("clinic"),
                null, options))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }
}
