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
        assertThat(first.location().toString()).isEqualTo("patients.txt:2");
        assertThat(records.get(2).location().position()).isEqualTo(5);
    }

    @Test
    void aShortLineIsQuarantinedWithItsLineNumberAndTheRestGoesOn() throws IOException {
        List<SourceEntry> entries = readAll(spec(BILLING, Map.of("skipLines", 1)));

        assertThat(entries).hasSize(5);
        MalformedEntry bad = (MalformedEntry) entries.get(2);
        assertThat(bad.location().toString()).isEqualTo("patients.txt:4");
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

        assertThat(entries.get(0).location().file()).isEqualTo("a.txt");
        assertThat(entries.get(1).location().toString()).isEqualTo("b.txt:1");
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

    // ------------------------------------------------------------ units: characters or bytes

    /** The value padded with spaces to {@code bytes} UTF-8 bytes, as a system with byte-sized columns writes it. */
    private static String padBytes(String value, int bytes) {
        return value + " ".repeat(bytes - value.getBytes(StandardCharsets.UTF_8).length);
    }

    private List<SourceEntry> readBytesLayout(String text, String units) throws IOException {
        Path file = Files.writeString(tmp.resolve("utf8.txt"), text, StandardCharsets.UTF_8);
        Map<String, Object> options = new HashMap<>(Map.of("fields", LAYOUT));
        if (units != null) {
            options.put("units", units);
        }
        return readAll(new SourceSpec("billing", "fixed-width", file, null, options));
    }

    @Test
    void aLayoutMeasuredInBytesReadsMultibyteTextAtItsBytePositions() throws IOException {
        String line = "MRN00001" + padBytes("Müller-Lüdensch", 20) + padBytes("José", 15) + "19800214F\n"
                + "MRN00002" + padBytes("Smith", 20) + padBytes("Ann", 15) + "19710308M\n";

        List<SourceEntry> entries = readBytesLayout(line, "bytes");

        assertThat(entries).allMatch(SourceRecord.class::isInstance).hasSize(2);
        SourceRecord first = (SourceRecord) entries.get(0);
        assertThat(first.value("family")).isEqualTo("Müller-Lüdensch");
        assertThat(first.value("given")).isEqualTo("José");
        assertThat(first.value("birthDate")).isEqualTo("19800214");
        assertThat(first.value("sex")).isEqualTo("F");
        // Read as characters, the same line is misaligned from the first umlaut on: that is why the option exists.
        SourceEntry asCharacters = readBytesLayout(line, null).get(0);
        assertThat(asCharacters instanceof SourceRecord r && "19800214".equals(r.value("birthDate"))).isFalse();
    }

    @Test
    void aByteLayoutThatCutsACharacterInTwoQuarantinesTheLineSayingWhichField() throws IOException {
        // The family column (bytes 9-28) ends in the middle of the two bytes of "ü": the layout does not fit.
        String line = "MRN00001" + "A".repeat(19) + "ü" + padBytes("nn", 14) + "19800214F\n";

        MalformedEntry bad = (MalformedEntry) readBytesLayout(line, "bytes").get(0);

        assertThat(bad.reason()).contains("field 'family'").contains("cuts a character");
        assertThat(bad.location().position()).isEqualTo(1);
    }

    @Test
    void positionsInCharactersCountACharacterOutsideTheBasicPlaneOnce() throws IOException {
        // "Zoë 😀" is 5 characters; Java strings hold the emoji as two chars, which shifted every later field.
        String line = "MRN00001" + "Zoë 😀" + " ".repeat(15) + "Ann" + " ".repeat(12) + "19800214F\n";

        SourceRecord record = (SourceRecord) readBytesLayout(line, "characters").get(0);

        assertThat(record.value("family")).isEqualTo("Zoë 😀");
        assertThat(record.value("given")).isEqualTo("Ann");
        assertThat(record.value("sex")).isEqualTo("F");
    }

    @Test
    void aShortLineInBytesSaysBytes() throws IOException {
        MalformedEntry bad = (MalformedEntry) readBytesLayout("MRN00001Müller\n", "bytes").get(0);
        assertThat(bad.reason()).isEqualTo("line shorter than the layout (needs 52, has 15 bytes)");
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
