package io.chartbridge.connector.fixedwidth;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixedWidthConnectorTest {

    private static final Path BILLING = Fixtures.path("fixed-width/legacy-billing/patients.txt");

    private static final List<Map<String, Object>> LAYOUT = List.of(
            Map.of("name", "mrn", "start", 1, "length", 8),
            Map.of("name", "family", "start", 9, "length", 20),
            Map.of("name", "given", "from", 29, "to", 43),
            Map.of("name", "birthDate", "start", 44, "length", 8),
            Map.of("name", "sex", "from", 52, "to", 52));

    @TempDir
    Path tmp;

    @Test
    void eachLineBecomesARecordWithTrimmedFieldsAfterTheHeader() throws IOException {
        List<SourceEntry> entries = readAll(spec(BILLING, Map.of("skipLines", 1)));

        List<SourceRecord> records = entries.stream().filter(SourceRecord.class::isInstance)
                .map(SourceRecord.class::cast).toList();
        assertThat(records).hasSize(4);
        SourceRecord first = records.get(0);
        assertThat(first.value("mrn")).isEqualTo("MRN00001");
        assertThat(first.value("family")).isEqualTo("Testperson");
        assertThat(first.value("given")).isEqualTo("Alice");
        assertThat(first.value("birthDate")).isEqualTo("19800214");
        assertThat(first.value("sex")).isEqualTo("F");
        assertThat(first.paths()).containsExactly("mrn", "family", "given", "birthDate", "sex");
        assertThat(first.location().toString()).isEqualTo(BILLING + ":2");
        assertThat(records.get(2).location().position()).isEqualTo(5);
    }

    @Test
    void aShortLineIsQuarantinedWithItsLineNumberAndTheRestGoesOn() throws IOException {
        List<SourceEntry> entries = readAll(spec(BILLING, Map.of("skipLines", 1)));

        assertThat(entries).hasSize(5);
        MalformedEntry bad = (MalformedEntry) entries.get(2);
        assertThat(bad.location().toString()).isEqualTo(BILLING + ":4");
        assertThat(bad.reason()).isEqualTo("line shorter than the layout (needs 52, has 47)");
        assertThat(bad.reason()).doesNotContain("Truncated");
        assertThat(bad.contentHash()).hasSize(64);
    }

    @Test
    void untrimmedValuesKeepTheirPadding() throws IOException {
        SourceRecord first = (SourceRecord) readAll(spec(BILLING, Map.of("skipLines", 1, "trim", false))).get(0);

        assertThat(first.value("given")).isEqualTo("Alice          ");
    }

    @Test
    void withoutSkippingTheHeaderItIsReadAsARecord() throws IOException {
        SourceRecord header = (SourceRecord) readAll(spec(BILLING, Map.of())).get(0);

        assertThat(header.value("mrn")).isEqualTo("MRN");
        assertThat(header.location().position()).isEqualTo(1);
    }

    @Test
    void latin1FilesAreDecodedWithTheEncodingOption() throws IOException {
        Path file = tmp.resolve("latin1.txt");
        Files.write(file, "MRN00005Müller              Zoë            19900101F\n".getBytes(StandardCharsets.ISO_8859_1));

        SourceRecord r = (SourceRecord) readAll(spec(file, Map.of("encoding", "ISO-8859-1"))).get(0);

        assertThat(r.value("family")).isEqualTo("Müller");
        assertThat(r.value("given")).isEqualTo("Zoë");
    }

    @Test
    void aFolderIsReadFileByFileInNameOrder() throws IOException {
        Files.copy(BILLING, tmp.resolve("b.txt"));
        Files.writeString(tmp.resolve("a.txt"), "MRN00007Early               Riser          19990101M\n");

        List<SourceEntry> entries = readAll(spec(tmp, Map.of("pattern", "*.txt")));

        assertThat(entries.get(0).location().file()).endsWith("a.txt");
        assertThat(entries.get(1).location().toString()).endsWith("b.txt:1");
        assertThat(entries).hasSize(7);
    }

    @Test
    void aBigFileIsStreamedWithoutHoldingItsLines() throws IOException {
        Path big = tmp.resolve("big.txt");
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            for (int i = 0; i < 100_000; i++) {
                w.write(String.format("MRN%05dFamily%-14dGiven%-10d19800101F%n", i % 100_000, i, i));
            }
        }
        long count = 0;
        try (SourceReader reader = new FixedWidthConnector().open(spec(big, Map.of()))) {
            while (reader.hasNext()) {
                assertThat(reader.next()).isInstanceOf(SourceRecord.class);
                count++;
            }
        }
        assertThat(count).isEqualTo(100_000);
    }

    @Test
    void aFileWithoutLineBreaksIsOneQuarantinedLineInsteadOfFillingMemory() throws IOException {
        Path blob = tmp.resolve("blob.txt");
        Files.writeString(blob, "x".repeat(FixedWidthReader.MAX_LINE_CHARS + 10) + "\r\n"
                + "MRN00008Afterblob           Ivy            19880808F\r\n");

        List<SourceEntry> entries = readAll(spec(blob, Map.of()));

        assertThat(entries).hasSize(2);
        assertThat(((MalformedEntry) entries.get(0)).reason())
                .isEqualTo("line longer than 1048576 characters (is this a fixed-width file?)");
        assertThat(entries.get(1).location().position()).isEqualTo(2);
        assertThat(((SourceRecord) entries.get(1)).value("family")).isEqualTo("Afterblob");
    }

    @Test
    void aLayoutFieldWithNeitherLengthNorEndIsRefusedNamingTheField() {
        Map<String, Object> options = Map.of("fields", List.of(Map.of("name", "mrn", "start", 1)));

        assertThatThrownBy(() -> new FixedWidthConnector().open(new SourceSpec("billing", "fixed-width", BILLING,
                null, options)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("Fixed-width source 'billing': fields[1] ('mrn') must give either start and length,"
                        + " or from and to");
    }

    @Test
    void aMissingFileMakesTheSourceUnavailable() {
        assertThatThrownBy(() -> new FixedWidthConnector().open(spec(tmp.resolve("nope.txt"), Map.of())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("nope.txt does not exist");
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> new FixedWidthConnector().open(spec(BILLING, Map.of("skipHeader", 1))))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("unknown option 'skipHeader'");
    }

    private static SourceSpec spec(Path location, Map<String, Object> extra) {
        Map<String, Object> options = new HashMap<>(extra);
        options.put("fields", LAYOUT);
        return new SourceSpec("billing", "fixed-width", location, null, options);
    }

    private static List<SourceEntry> readAll(SourceSpec spec) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (SourceReader reader = new FixedWidthConnector().open(spec)) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }
}
