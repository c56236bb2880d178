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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector's behaviour on an embedded H2 database; JdbcQueryConnectorMariaDbIT repeats the core of it on MariaDB. */
class JdbcQueryConnectorTest {

    private String url;
    private Connection keepAlive;

    @BeforeEach
    void createLegacyDatabase() throws IOException, SQLException {
        url = "jdbc:h2:mem:legacy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        keepAlive = DriverManager.getConnection(url, "sa", "");
        LegacySchema.load(keepAlive);
    }

    @AfterEach
    void dropIt() throws SQLException {
        try (Statement st = keepAlive.createStatement()) {
            st.execute("SHUTDOWN");
        }
        keepAlive.close();
    }

    @Test
    void eachRowIsARecordAddressedByColumnLabelAndNumberedInKeyOrder() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("table", "patients", "keyColumn", "patient_id", "pageSize", 3));

        assertThat(entries).hasSize(8).allMatch(SourceRecord.class::isInstance);
        SourceRecord first = (SourceRecord) entries.get(0);
        assertThat(first.value("CHART_NO")).isEqualTo("C-0001");
        assertThat(first.value("LAST_NAME")).isEqualTo("Testperson");
        assertThat(first.value("DOB")).isEqualTo("1980-02-14");
        assertThat(first.location().toString()).isEqualTo("patients row 1");
        assertThat(first.location().detail()).isNull();
        assertThat(entries.get(7).location().position()).isEqualTo(8);
        assertThat(((SourceRecord) entries.get(7)).value("CHART_NO")).isEqualTo("C-0010");
        assertThat(((SourceRecord) entries.get(6)).value("DOB")).isNull();
        assertThat(first.paths()).startsWith("PATIENT_ID", "CHART_NO", "LAST_NAME");
    }

    @Test
    void everyRowIsReadExactlyOnceWhateverThePageSize() throws IOException {
        List<String> expected = List.of("C-0001", "C-0002", "C-0003", "C-0004", "C-0005", "C-0006", "C-0007", "C-0010");
        for (int pageSize : new int[] {1, 2, 3, 7, 8, 9, 1000}) {
            List<SourceEntry> entries = readAll(Map.of("table", "patients", "keyColumn", "patient_id",
                    "pageSize", pageSize));
            assertThat(entries).as("pageSize " + pageSize)
                    .extracting(e -> ((SourceRecord) e).value("CHART_NO")).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theKeyStaysOutOfTheLocationUnlessTheProjectOptsIn() throws IOException {
        SourceEntry plain = readAll(Map.of("table", "patients", "keyColumn", "patient_id")).get(1);
        SourceEntry withKey = readAll(Map.of("table", "patients", "keyColumn", "patient_id",
                "keyInLocation", true)).get(1);

        assertThat(plain.location().toString()).isEqualTo("patients row 2");
        assertThat(withKey.location().toString()).isEqualTo("patients row 2 (patient_id=1002)");
        assertThat(withKey.contentHash()).isEqualTo(plain.contentHash());
    }

    @Test
    void rowsWithoutAKeyAreReportedAsOneQuarantinedEntryAndTheOthersAreRead() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("table", "patients", "keyColumn", "legacy_ref", "pageSize", 2));

        MalformedEntry missing = (MalformedEntry) entries.get(0);
        assertThat(missing.reason()).isEqualTo("2 rows have no value in keyColumn 'legacy_ref' and were not read;"
                + " give them a key or choose another keyColumn");
        assertThat(missing.location().toString()).isEqualTo("patients row 0 (keyColumn legacy_ref)");
        assertThat(entries.subList(1, entries.size())).hasSize(6).allMatch(SourceRecord.class::isInstance)
                .extracting(e -> ((SourceRecord) e).value("LEGACY_REF"))
                .containsExactly("OLD-17", "OLD-18", "OLD-20", "OLD-21", "OLD-22", "OLD-23");
    }

    @Test
    void aKeyColumnThatRepeatsRefusesTheSourceBeforeAnythingIsRead() {
        assertThatThrownBy(() -> readAll(Map.of("query", "SELECT * FROM visits", "keyColumn", "patient_id")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("Database source 'clinic': keyColumn 'patient_id' is not unique (1 rows repeat a key);"
                        + " keyset paging needs a unique column");
    }

    @Test
    void aJoinQueryIsReadWithItsColumnLabelsAndTheSourceNameInLocations() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("query", "SELECT m.med_id, p.chart_no AS chart, m.drug_name"
                + " FROM meds m JOIN patients p ON p.patient_id = m.patient_id;", "keyColumn", "med_id",
                "pageSize", 2));

        assertThat(entries).hasSize(4);
        SourceRecord last = (SourceRecord) entries.get(3);
        assertThat(last.value("CHART")).isEqualTo("C-0005");
        assertThat(last.value("DRUG_NAME")).isEqualTo("Hydrocortisone 1% cream");
        assertThat(last.location().toString()).isEqualTo("clinic row 4");
    }

    @Test
    void withoutAKeyColumnTheQueryIsStreamedInOnePass() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("query", "SELECT * FROM problems ORDER BY problem_id",
                "pageSize", 2));

        assertThat(entries).hasSize(4).extracting(e -> ((SourceRecord) e).value("ICD9_CODE"))
                .containsExactly("401.9", "493.90", "250.00", "692.9");
    }

    @Test
    void aQueryThatPagesItselfWithLastKeyIsReadUntilAPageComesBackEmpty() throws IOException {
        List<SourceEntry> entries = readAll(Map.of("query", "SELECT patient_id, chart_no FROM patients"
                + " WHERE patient_id > :lastKey ORDER BY patient_id LIMIT 3", "keyColumn", "patient_id",
                "firstKey", "0"));

        assertThat(entries).extracting(e -> ((SourceRecord) e).value("CHART_NO")).containsExactly(
                "C-0001", "C-0002", "C-0003", "C-0004", "C-0005", "C-0006", "C-0007", "C-0010");
        assertThat(entries.get(7).location().toString()).isEqualTo("clinic row 8");
    }

    @Test
    void aSelfPagingQueryThatDoesNotMovePastItsLastKeyStopsTheSourceInsteadOfLooping() {
        assertThatThrownBy(() -> readAll(Map.of("query", "SELECT patient_id FROM patients"
                + " WHERE patient_id > :lastKey OR patient_id = 1001 ORDER BY patient_id LIMIT 1",
                "keyColumn", "patient_id", "firstKey", "0")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("it must select only keys greater than :lastKey");
    }

    @Test
    void aSelfPagingQueryNeedsItsFirstKeyAndItsKeyColumnInTheResult() {
        assertThatThrownBy(() -> readAll(Map.of("query", "SELECT * FROM patients WHERE patient_id > :lastKey",
                "keyColumn", "patient_id")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("needs the options 'keyColumn' (the column :lastKey compares with) and"
                        + " 'firstKey'");
        assertThatThrownBy(() -> readAll(Map.of("query", "SELECT chart_no FROM patients WHERE patient_id > :lastKey",
                "keyColumn", "patient_id", "firstKey", "0")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("Database source 'clinic': keyColumn 'patient_id' is not a column of the query's result");
    }

    @Test
    void aBigTableIsReadPageByPage() throws SQLException, IOException {
        try (Statement st = keepAlive.createStatement()) {
            st.execute("CREATE TABLE big_export (id INT PRIMARY KEY, mrn VARCHAR(12))");
        }
        try (PreparedStatement ps = keepAlive.prepareStatement("INSERT INTO big_export VALUES (?, ?)")) {
            for (int i = 1; i <= 30_000; i++) {
                ps.setInt(1, i);
                ps.setString(2, "M" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        long count = 0;
        String last = null;
        try (SourceReader reader = new JdbcQueryConnector().open(spec(Map.of("table", "big_export", "keyColumn", "id",
                "pageSize", 1000)))) {
            while (reader.hasNext()) {
                last = ((SourceRecord) reader.next()).value("MRN");
                count++;
            }
            assertThat(reader.files()).isEmpty();
        }
        assertThat(count).isEqualTo(30_000);
        assertThat(last).isEqualTo("M30000");
    }

    @Test
    void aQueryThatFailsMakesTheSourceUnavailableInOneLine() {
        assertThatThrownBy(() -> readAll(Map.of("table", "no_such_table", "keyColumn", "id")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("Database source 'clinic': the query failed (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnreachableDatabaseIsReportedWithoutThePassword() {
        Map<String, Object> options = Map.of("url", "jdbc:mariadb://127.0.0.1:1/clinic?password=url-secret",
                "username", "reader", "password", "option-secret", "table", "patients");

        assertThatThrownBy(() -> new JdbcQueryConnector().open(new SourceSpec("clinic", "jdbc", Path.of("clinic"),
                null, options)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("Database source 'clinic': cannot connect to jdbc:mariadb://127.0.0.1:1/clinic (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void optionsThatContradictEachOtherAreRefused() {
        assertThatThrownBy(() -> readAll(Map.of("table", "patients", "query", "SELECT 1")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("Database source 'clinic': give exactly one of the options 'query' (a SELECT) and 'table'");
        assertThatThrownBy(() -> readAll(Map.of("table", "patients", "keyColumn", "id; DROP TABLE patients")))
                .hasMessage("Database source 'clinic': option 'keyColumn' must be a plain column name such as"
                        + " patient_id");
    }

    private SourceSpec spec(Map<String, Object> extra) {
        Map<String, Object> options = new HashMap<>(extra);
        options.put("url", url);
        options.put("username", "sa");
        return new SourceSpec("clinic", "jdbc", Path.of("clinic"), null, options);
    }

    private List<SourceEntry> readAll(Map<String, Object> options) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (SourceReader reader = new JdbcQueryConnector().open(spec(options))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }
}
