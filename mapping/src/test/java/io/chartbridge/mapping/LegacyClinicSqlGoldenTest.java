package io.chartbridge.mapping;

import io.chartbridge.connector.jdbc.JdbcQueryConnector;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The legacy clinic database mappings against test-fixtures/sql/legacy-schema.sql loaded into an in-memory H2
 * database, read by the real jdbc source with the query each mapping declares. Compared as parsed JSON; nothing
 * is ignored (ids are deterministic, no run-dependent value is written).
 */
class LegacyClinicSqlGoldenTest {

    private static final Path ROOT = LegacyEmrPatientGoldenTest.ROOT;
    private static final Path EXPECTED = ROOT.resolve("test-fixtures/mappings/legacy-clinic/expected");
    private static final String URL = "jdbc:h2:mem:legacy-clinic-golden;DB_CLOSE_DELAY=-1";
    private static Connection keepAlive;

    @BeforeAll
    static void loadTheLegacySchema() throws Exception {
        keepAlive = DriverManager.getConnection(URL);
        String script = Files.readString(ROOT.resolve("test-fixtures/sql/legacy-schema.sql"));
        try (Statement statement = keepAlive.createStatement()) {
            // The script's contract: every statement ends with ';' at the end of a line.
            for (String sql : script.split(";\\s*\\n")) {
                String withoutComments = sql.lines().filter(l -> !l.strip().startsWith("--"))
                        .reduce("", (a, b) -> a + b + "\n").strip();
                if (!withoutComments.isEmpty()) {
                    statement.execute(withoutComments);
                }
            }
        }
    }

    @AfterAll
    static void dropTheDatabase() throws Exception {
        keepAlive.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"patients", "visits", "problems", "meds"})
    void everyTableMapsToItsGoldenOutput(String table) throws Exception {
        Path mapping = ROOT.resolve("mappings/jdbc/legacy-clinic-" + table + ".yaml");
        Map<String, Object> options = new HashMap<>(MappingLoader.load(mapping, TestIdSecret.IDS).sourceOptions());
        options.put("url", URL);
        List<SourceEntry> entries = new ArrayList<>();
        try (SourceConnector.SourceReader reader = new JdbcQueryConnector().open(
                new SourceSpec("legacy-clinic-" + table, "jdbc", Path.of("legacy-clinic"), mapping, options))) {
            reader.forEachRemaining(entries::add);
        }
        GoldenCase.run(mapping, entries, EXPECTED, table).assertMatches(EXPECTED, table, Set.of());
    }
}
