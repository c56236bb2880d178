package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped legacy-EMR mapping against its golden fixture: every good row must produce exactly the expected
 * Patient (compared as parsed JSON, so key order and whitespace do not matter; nothing is ignored), every bad row
 * must be quarantined with the expected reason.
 *
 * <p>After an intended change, regenerate with {@code -Dgolden.update=true} and review the diff like code.
 */
class LegacyEmrPatientGoldenTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path MAPPING = ROOT.resolve("mappings/csv/legacy-emr-patient.yaml");
    static final Path FIXTURE = ROOT.resolve("test-fixtures/csv/legacy-emr");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CSVFormat QUARANTINE = CSVFormat.RFC4180.builder()
            .setHeader("line", "reason").setSkipHeaderRecord(true).setRecordSeparator('\n').get();

    private static final List<String> producedPatients = new ArrayList<>();
    private static final List<List<String>> producedQuarantine = new ArrayList<>();

    @BeforeAll
    static void mapTheFixture() throws IOException {
        DeclarativeMapping mapping = MappingLoader.load(MAPPING, TestIdSecret.IDS);
        for (SourceEntry entry : CsvFixtureReader.read(FIXTURE.resolve("patients.csv"), "legacy-emr-patients")) {
            String line = String.valueOf(entry.location().position());
            if (entry instanceof MalformedEntry malformed) {
                producedQuarantine.add(List.of(line, malformed.reason()));
                continue;
            }
            try {
                MappedRecord mapped = mapping.map((SourceRecord) entry);
                for (MappedResource resource : mapped.resources()) {
                    producedPatients.add(JSON.writeValueAsString(resource.json()));
                }
            } catch (MappingException e) {
                producedQuarantine.add(List.of(line, e.getMessage()));
            }
        }
        if (Boolean.getBoolean("golden.update")) {
            writeExpected();
        }
    }

    @Test
    void everyGoodRowBecomesTheExpectedPatientInInputOrder() throws IOException {
        List<String> expected = Files.readAllLines(FIXTURE.resolve("expected/Patient.ndjson"), StandardCharsets.UTF_8)
                .stream().filter(l -> !l.isBlank()).toList();
        assertThat(producedPatients).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = JSON.readTree(expected.get(i));
            JsonNode got = JSON.readTree(producedPatients.get(i));
            assertThat(got).as("Patient #%d (expected/Patient.ndjson line %d)", i + 1, i + 1).isEqualTo(want);
        }
    }

    @Test
    void badRowsAreQuarantinedWithTheirLineAndReason() throws IOException {
        List<List<String>> expected = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(FIXTURE.resolve("expected/quarantine.csv"), StandardCharsets.UTF_8,
                QUARANTINE)) {
            for (CSVRecord row : parser) {
                expected.add(List.of(row.get("line"), row.get("reason")));
            }
        }
        assertThat(producedQuarantine).containsExactlyElementsOf(expected);
    }

    @Test
    void quarantineReasonsNameFieldsButNeverQuoteValues() {
        assertThat(producedQuarantine).extracting(row -> row.get(1))
                .noneMatch(reason -> reason.contains("02/30/1971") || reason.contains("\"X\"") || reason.contains("'X'"));
    }

    private static void writeExpected() throws IOException {
        Files.write(FIXTURE.resolve("expected/Patient.ndjson"), producedPatients, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        lines.add("line,reason");
        for (List<String> row : producedQuarantine) {
            lines.add(QUARANTINE.format(row.toArray()));
        }
        Files.write(FIXTURE.resolve("expected/quarantine.csv"), lines, StandardCharsets.UTF_8);
    }
}
