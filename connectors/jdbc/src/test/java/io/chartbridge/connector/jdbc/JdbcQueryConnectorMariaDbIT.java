package io.chartbridge.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector.SourceReader;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The legacy clinic schema in a real MariaDB server, read the way a project file declares it. */
class JdbcQueryConnectorMariaDbIT {

    private static Map<String, String> db;

    @BeforeAll
    static void loadLegacyClinic() throws IOException, SQLException {
        db = MariaDbTestServer.settings();
        try (Connection c = DriverManager.getConnection(db.get("url"), db.get("user"), db.get("password"))) {
            LegacySchema.load(c);
        }
    }

    @Test
    void patientsAreReadPageByPageInKeyOrderWithTheirValuesIntact() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("table", "patients", "keyColumn", "patient_id", "pageSize", 3));

        assertThat(entries).hasSize(8).allMatch(SourceRecord.class::isInstance);
        SourceRecord first = (SourceRecord) entries.get(0);
        assertThat(first.value("chart_no")).isEqualTo("C-0001");
        assertThat(first.value("dob")).isEqualTo("1980-02-14");
        assertThat(first.location().toString()).isEqualTo("patients row 1");
        SourceRecord accented = (SourceRecord) entries.get(5);
        assertThat(accented.value("last_name")).isEqualTo("Müller");
        assertThat(accented.value("first_name")).isEqualTo("Zoë");
        assertThat(((SourceRecord) entries.get(6)).value("dob")).isNull();
        assertThat(((SourceRecord) entries.get(7)).location().position()).isEqualTo(8);
    }

    @Test
    void aTextKeyPagesAsWellAsANumberAndKeylessRowsAreCounted() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("table", "patients", "keyColumn", "legacy_ref", "pageSize", 4));

        assertThat(((MalformedEntry) entries.get(0)).reason()).startsWith("2 rows have no value in keyColumn");
        assertThat(entries.subList(1, entries.size())).extracting(e -> ((SourceRecord) e).value("legacy_ref"))
                .containsExactly("OLD-17", "OLD-18", "OLD-20", "OLD-21", "OLD-22", "OLD-23");
    }

    @Test
    void aJoinOfVisitsToPatientsIsOneRecordPerVisit() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("query", "SELECT v.visit_id, p.chart_no, v.visit_date, v.reason"
                + " FROM visits v JOIN patients p ON p.patient_id = v.patient_id", "keyColumn", "visit_id",
                "pageSize", 4, "keyInLocation", "true"));

        assertThat(entries).hasSize(6);
        SourceRecord second = (SourceRecord) entries.get(1);
        assertThat(second.value("chart_no")).isEqualTo("C-0001");
        assertThat(second.value("visit_date")).isEqualTo("2023-06-02");
        assertThat(second.location().toString()).isEqualTo("clinic row 2 (visit_id=2)");
    }

    @Test
    void aWrongPasswordMakesTheSourceUnavailableWithoutRepeatingIt() {
        Map<String, Object> options = new HashMap<>(Map.of("table", "patients"));
        options.put("url", db.get("url"));
        options.put("username", db.get("user"));
        options.put("password", "not-the-password-xyz");

        assertThatThrownBy(() -> new JdbcQueryConnector().open(new SourceSpec("clinic", "jdbc", Path.of("clinic"),
                null, options)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("Database source 'clinic': cannot connect to jdbc:mariadb://127.0.0.1:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password-xyz"));
    }

    private static List<SourceEntry> readAll(Map<String, Object> extra) throws IOException {
        Map<String, Object> options = new HashMap<>(extra);
        options.put("url", db.get("url"));
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
