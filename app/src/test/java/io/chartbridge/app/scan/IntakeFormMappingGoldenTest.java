package io.chartbridge.app.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.connector.csv.CsvExportConnector;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.fixtures.ids.TestIdSecret;
import io.chartbridge.mapping.DeclarativeMapping;
import io.chartbridge.mapping.MappingLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden case of the scanned intake-form mapping: the fields OCR extracts, as columns, mapped exactly as export
 * columns are. Compared as parsed JSON; no path is ignored.
 */
class IntakeFormMappingGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void intakeFormFieldsMapToTheExpectedPatients() throws Exception {
        Path fixture = TestProjects.repo().resolve("test-fixtures/scans/intake-form");
        DeclarativeMapping mapping = MappingLoader.load(TestProjects.repo()
                .resolve("mappings/scans/intake-form-patient.yaml"), TestIdSecret.IDS);
        List<JsonNode> produced = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        try (SourceConnector.SourceReader reader = new CsvExportConnector().open(new SourceSpec("intake", "csv",
                fixture.resolve("fields.csv"), null, Map.of()))) {
            while (reader.hasNext()) {
                SourceEntry e = reader.next();
                if (e instanceof MalformedEntry bad) {
                    quarantined.add(bad.location().position() + "," + bad.reason());
                    continue;
                }
                try {
                    for (MappedResource r : mapping.map((SourceRecord) e).resources()) {
                        produced.add(r.json());
                    }
                } catch (MappingException ex) {
                    quarantined.add(e.location().position() + ",\"" + ex.getMessage() + "\"");
                }
            }
        }
        List<JsonNode> expected = new ArrayList<>();
        for (String line : Files.readAllLines(fixture.resolve("expected/Patient.ndjson"))) {
            expected.add(JSON.readTree(line));
        }
        assertThat(produced).isEqualTo(expected);
        List<String> expectedQuarantine = Files.readAllLines(fixture.resolve("expected/quarantine.csv"));
        assertThat(quarantined).isEqualTo(expectedQuarantine.subList(1, expectedQuarantine.size()));
    }
}
