package io.chartbridge.connector.jsonxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector.SourceReader;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDocumentConnectorTest {

    private static final Path PATIENTS = Fixtures.path("json-xml/patients.json");

    @TempDir
    Path tmp;

    @Test
    void eachElementAtTheRecordPathIsARecordAndTheRestOfTheFileIsIgnored() throws IOException {
        List<SourceEntry> entries = readAll(PATIENTS, "$.patients[*]");

        assertThat(entries).hasSize(3).allMatch(JsonRecord.class::isInstance);
        assertThat(entries).extracting(e -> ((SourceRecord) e).value("mrn"))
                .containsExactly("JX-0001", "JX-0002", "JX-0003");
        assertThat(entries.get(1).location().toString()).isEqualTo("patients.json record 2");
    }

    @Test
    void valuesAreAddressedByDottedNamesAndZeroBasedIndexes() throws IOException {
        SourceRecord alice = (SourceRecord) readAll(PATIENTS, "$.patients[*]").get(0);

        assertThat(alice.value("name.family")).isEqualTo("Testperson");
        assertThat(alice.value("name.given[1]")).isEqualTo("Marie");
        assertThat(alice.values("name.given")).containsExactly("Alice", "Marie");
        assertThat(alice.value("phones[0]")).isEqualTo("555-0100");
        assertThat(alice.values("phones")).containsExactly("555-0100", "555-0101");
        assertThat(alice.values("addresses.city")).containsExactly("Springfield", "Shelbyville");
        assertThat(alice.value("addresses[1].line[0]")).isEqualTo("1 Main St");
        assertThat(alice.value("weightKg")).isEqualTo("61.5");
        assertThat(alice.value("active")).isEqualTo("true");
        assertThat(alice.value("notes")).isNull();
        assertThat(alice.value("name")).isNull();
        assertThat(alice.value("phones[5]")).isNull();
        assertThat(alice.value("name..family")).isNull();
        assertThat(JsonRecord.isValidPath("addresses[1].line[0]")).isTrue();
        assertThat(JsonRecord.isValidPath("name..family")).isFalse();
    }

    @Test
    void pathsListEveryValueWithExplicitIndexes() throws IOException {
        SourceRecord alice = (SourceRecord) readAll(PATIENTS, "$.patients[*]").get(0);

        assertThat(alice.paths()).startsWith("mrn", "name.family", "name.given[0]", "name.given[1]")
                .contains("addresses[1].line[0]", "weightKg").doesNotContain("notes");
        for (String path : alice.paths()) {
            assertThat(alice.value(path)).as(path).isNotNull();
        }
    }

    @Test
    void aTopLevelArrayAndNewlineDelimitedJsonAreReadToo() throws IOException {
        Path array = tmp.resolve("array.json");
        Files.writeString(array, "[{\"mrn\":\"A\"},{\"mrn\":\"B\"}]");
        Path ndjson = tmp.resolve("lines.ndjson");
        Files.writeString(ndjson, "{\"mrn\":\"C\"}\n{\"mrn\":\"D\"}\n{\"mrn\":\"E\"}\n");

        assertThat(readAll(array, "$[*]")).extracting(e -> ((SourceRecord) e).value("mrn")).containsExactly("A", "B");
        assertThat(readAll(ndjson, "$")).extracting(e -> ((SourceRecord) e).value("mrn"))
                .containsExactly("C", "D", "E");
    }

    @Test
    void aRecordPathThatFindsNothingIsReportedForTheFileButAnEmptyListIsNot() throws IOException {
        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "{\"patients\": []}");

        List<SourceEntry> wrongPath = readAll(PATIENTS, "$.patient[*]");

        assertThat(wrongPath).hasSize(1);
        assertThat(wrongPath.get(0).location().unit()).isEqualTo("file");
        assertThat(((MalformedEntry) wrongPath.get(0)).reason())
                .isEqualTo("nothing in the file is at recordPath '$.patient[*]'; check the option");
        assertThat(readAll(PATIENTS, "$.patients")).hasSize(1).allMatch(MalformedEntry.class::isInstance);
        assertThat(readAll(empty, "$.patients[*]")).isEmpty();
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() throws IOException {
        Path file = tmp.resolve("bom.json");
        Files.write(file, ("\uFEFF{\"patients\":[{\"name\":{\"family\":\"Müller\"}}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(((SourceRecord) readAll(file, "$.patients[*]").get(0)).value("name.family")).isEqualTo("Müller");
    }

    @Test
    void aMalformedRecordIsQuarantinedWithItsPositionAfterTheGoodOnes() throws IOException {
        Path file = Fixtures.path("json-xml/malformed-record.json");
        List<SourceEntry> entries = readAll(file, "$.patients[*]");

        assertThat(entries).hasSize(3);
        assertThat(((SourceRecord) entries.get(1)).value("name.family")).isEqualTo("Goodsecond");
        MalformedEntry bad = (MalformedEntry) entries.get(2);
        assertThat(bad.location().toString()).isEqualTo("malformed-record.json record 3 (line 4, column 50)");
        assertThat(bad.reason()).isEqualTo("malformed JSON at line 4, column 50; the rest of the file was not read");
    }

    @Test
    void aFileThatIsNotJsonFromTheStartIsOneEntryForTheFile() throws IOException {
        Path file = Fixtures.path("json-xml/not-json.json");
        List<SourceEntry> entries = readAll(file, "$.patients[*]");

        assertThat(entries).hasSize(1);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().unit()).isEqualTo("file");
        assertThat(bad.location().file()).isEqualTo("not-json.json");
        assertThat(bad.reason()).startsWith("the file is not valid JSON at line 1").doesNotContain("Notjson");
    }

    @Test
    void aRecordThatIsNotAnObjectIsQuarantinedAndTheNextIsRead() throws IOException {
        Path file = tmp.resolve("mixed.json");
        Files.writeString(file, "{\"patients\":[{\"mrn\":\"A\"},\"stray text\",{\"mrn\":\"B\"}]}");

        List<SourceEntry> entries = readAll(file, "$.patients[*]");

        assertThat(entries).hasSize(3);
        assertThat(((MalformedEntry) entries.get(1)).reason()).isEqualTo("the record is a JSON string, not an object");
        assertThat(entries.get(1).location().position()).isEqualTo(2);
        assertThat(((SourceRecord) entries.get(2)).value("mrn")).isEqualTo("B");
    }

    @Test
    void aBigExportIsStreamedRecordByRecord() throws IOException {
        Path big = tmp.resolve("big.json");
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            w.write("{\"meta\":{\"n\":1},\"patients\":[");
            for (int i = 0; i < 100_000; i++) {
                w.write((i > 0 ? "," : "") + "{\"mrn\":\"M" + i + "\",\"name\":{\"family\":\"F" + i
                        + "\",\"given\":[\"G\"]}}");
            }
            w.write("]}");
        }
        long count = 0;
        String last = null;
        try (SourceReader reader = new JsonDocumentConnector().open(spec(big, "$.patients[*]"))) {
            while (reader.hasNext()) {
                last = ((SourceRecord) reader.next()).value("mrn");
                count++;
            }
        }
        assertThat(count).isEqualTo(100_000);
        assertThat(last).isEqualTo("M99999");
    }

    @Test
    void aRecordPathOutsideTheSupportedSyntaxIsRefused() {
        assertThatThrownBy(() -> new JsonDocumentConnector().open(spec(PATIENTS, "patients[*]")))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("JSON source 'export': option 'recordPath' must start with $, e.g. $.patients[*]");
        assertThatThrownBy(() -> new JsonDocumentConnector().open(spec(PATIENTS, "$..patients")))
                .hasMessageContaining("use .name, ['name'], [*] or [n] steps");
    }

    private static SourceSpec spec(Path location, String recordPath) {
        return new SourceSpec("export", "json", location, null, Map.of("recordPath", recordPath));
    }

    private static List<SourceEntry> readAll(Path file, String recordPath) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (SourceReader reader = new JsonDocumentConnector().open(spec(file, recordPath))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }
}
