package io.chartbridge.connector.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.io.ByteArrayOutputStream;
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

class CsvExportConnectorTest {

    @TempDir
    Path dir;

    private final CsvExportConnector connector = new CsvExportConnector();

    @Test
    void rowsBecomeRecordsNamedByTheHeaderWithLineNumbersCountingTheHeader() throws IOException {
        Path file = write("patients.csv", "mrn,family,given\nA1,Doe,Jane\nA2,Roe,Rick\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of()));

        assertThat(entries).hasSize(2).allMatch(e -> e instanceof FlatRecord);
        FlatRecord first = (FlatRecord) entries.get(0);
        assertThat(first.sourceName()).isEqualTo("legacy");
        assertThat(first.fields()).containsExactly(Map.entry("mrn", "A1"), Map.entry("family", "Doe"),
                Map.entry("given", "Jane"));
        assertThat(first.location().toString()).isEqualTo("patients.csv:2");
        assertThat(first.contentHash()).isEqualTo(ContentHash.of("A1,Doe,Jane"));
        assertThat(entries.get(1).location().position()).isEqualTo(3);
    }

    @Test
    void utf8ByteOrderMarkIsNotPartOfTheFirstFieldName() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path file = writeBytes("bom.csv", concat(bom, "mrn,city\r\nA1,Zürich\r\n".getBytes(StandardCharsets.UTF_8)));

        FlatRecord record = (FlatRecord) readAll(spec(file, Map.of())).get(0);

        assertThat(record.fields()).containsOnlyKeys("mrn", "city");
        assertThat(record.value("city")).isEqualTo("Zürich");
    }

    @Test
    void latin1ExportIsDecodedWhenTheEncodingOptionSaysSo() throws IOException {
        Path file = writeBytes("latin.csv", "mrn,family\nA1,Müller\n".getBytes(StandardCharsets.ISO_8859_1));

        FlatRecord record = (FlatRecord) readAll(spec(file, Map.of("encoding", "latin1"))).get(0);

        assertThat(record.value("family")).isEqualTo("Müller");
    }

    @Test
    void invalidUtf8BytesQuarantineTheirLineAndSuggestLatin1() throws IOException {
        byte[] bytes = concat("mrn,family\nA1,Doe\nA2,".getBytes(StandardCharsets.UTF_8),
                "Müller\nA3,Roe\n".getBytes(StandardCharsets.ISO_8859_1));
        Path file = writeBytes("mixed.csv", bytes);

        List<SourceEntry> entries = readAll(spec(file, Map.of()));

        assertThat(entries).hasSize(3);
        MalformedEntry bad = (MalformedEntry) entries.get(1);
        assertThat(bad.location().toString()).isEqualTo("mixed.csv:3");
        assertThat(bad.reason()).contains("UTF-8").contains("encoding: ISO-8859-1");
        assertThat(bad.contentHash()).hasSize(64);
        assertThat(((FlatRecord) entries.get(2)).value("mrn")).isEqualTo("A3");
    }

    @Test
    void tabAndSemicolonDelimitersAreHonoured() throws IOException {
        Path tabs = write("tabs.tsv", "mrn\tfamily\nA1\tDoe, Jr\n");
        Path semis = write("semis.csv", "mrn;family\nA1;Doe, Jr\n");

        FlatRecord fromTabs = (FlatRecord) readAll(spec(tabs, Map.of("delimiter", "\\t"))).get(0);
        FlatRecord fromSemis = (FlatRecord) readAll(spec(semis, Map.of("delimiter", ";"))).get(0);

        assertThat(fromTabs.value("family")).isEqualTo("Doe, Jr");
        assertThat(fromSemis.value("family")).isEqualTo("Doe, Jr");
    }

    @Test
    void quotedFieldsMayHoldDelimitersAndDoubledQuotes() throws IOException {
        Path file = write("q.csv", "mrn,note\nA1,\"Doe, \"\"JJ\"\" Jr\"\n");

        FlatRecord record = (FlatRecord) readAll(spec(file, Map.of())).get(0);

        assertThat(record.value("note")).isEqualTo("Doe, \"JJ\" Jr");
    }

    @Test
    void customQuoteCharacterIsHonoured() throws IOException {
        Path file = write("q.csv", "mrn|note\nA1|'a|b'\n");

        FlatRecord record = (FlatRecord) readAll(spec(file, Map.of("delimiter", "|", "quote", "'"))).get(0);

        assertThat(record.value("note")).isEqualTo("a|b");
    }

    @Test
    void unbalancedQuoteIsQuarantinedWithItsLineNumberAndTheRestOfTheFileContinues() throws IOException {
        Path file = write("p.csv", "mrn,family\nA1,Doe\nA2,\"Roe\nA3,Poe\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of()));

        assertThat(entries).hasSize(3);
        MalformedEntry bad = (MalformedEntry) entries.get(1);
        assertThat(bad.location().toString()).isEqualTo("p.csv:3");
        assertThat(bad.reason()).contains("not closed").contains("multilineFields");
        assertThat(entries.get(2)).isInstanceOf(FlatRecord.class);
        assertThat(entries.get(2).location().position()).isEqualTo(4);
    }

    @Test
    void wrongColumnCountSaysExpectedAndFound() throws IOException {
        Path file = write("p.csv", "mrn,family,given\nA1,Doe\nA2,Roe,Rick,extra\nA3,Poe,Ed\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of()));

        assertThat(entries).hasSize(3);
        assertThat(((MalformedEntry) entries.get(0)).reason()).isEqualTo("expected 3 columns but found 2");
        assertThat(entries.get(0).location().position()).isEqualTo(2);
        assertThat(((MalformedEntry) entries.get(1)).reason()).isEqualTo("expected 3 columns but found 4");
        assertThat(entries.get(2)).isInstanceOf(FlatRecord.class);
    }

    @Test
    void strayQuoteAfterAQuotedFieldIsQuarantined() throws IOException {
        Path file = write("p.csv", "mrn,family\nA1,\"Doe\"x\nA2,Roe\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of()));

        assertThat(entries).hasSize(2);
        assertThat(((MalformedEntry) entries.get(0)).reason()).contains("stray quote");
        assertThat(entries.get(1)).isInstanceOf(FlatRecord.class);
    }

    @Test
    void blankLinesAreSkippedButStillCounted() throws IOException {
        Path file = write("p.csv", "mrn,family\n\nA1,Doe\n   \nA2,Roe");

        List<SourceEntry> entries = readAll(spec(file, Map.of()));

        assertThat(entries).extracting(e -> e.location().position()).containsExactly(3L, 5L);
    }

    @Test
    void multilineFieldsJoinLinesUntilTheQuoteCloses() throws IOException {
        Path file = write("p.csv", "mrn,note\nA1,\"first line\nsecond line\"\nA2,plain\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of("multilineFields", true)));

        assertThat(entries).hasSize(2);
        FlatRecord record = (FlatRecord) entries.get(0);
        assertThat(record.value("note")).isEqualTo("first line\nsecond line");
        assertThat(record.location().position()).isEqualTo(2);
        assertThat(record.contentHash()).isEqualTo(ContentHash.of("A1,\"first line\nsecond line\""));
        assertThat(entries.get(1).location().position()).isEqualTo(4);
    }

    @Test
    void multilineRecordLongerThanTheLimitIsQuarantinedAndTheFollowingLinesAreReadAgain() throws IOException {
        Path file = write("p.csv", "mrn,note\nA1,\"never closed\nA2,x\nA3,y\nA4,z\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of("multilineFields", "true", "maxRecordLines", "2")));

        assertThat(entries).hasSize(4);
        assertThat(((MalformedEntry) entries.get(0)).reason()).contains("within 2 lines");
        assertThat(entries.get(0).location().position()).isEqualTo(2);
        assertThat(entries.subList(1, 4)).allMatch(e -> e instanceof FlatRecord)
                .extracting(e -> e.location().position()).containsExactly(3L, 4L, 5L);
    }

    @Test
    void withoutHeaderFieldsAreNumberedColumns() throws IOException {
        Path file = write("p.csv", "A1,Doe\nA2,Roe\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of("header", "false")));

        assertThat(((FlatRecord) entries.get(0)).fields()).containsOnlyKeys("column1", "column2");
        assertThat(entries.get(0).location().position()).isEqualTo(1);
    }

    @Test
    void folderFilesMatchingThePatternAreReadInNameOrder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("export"));
        Files.writeString(folder.resolve("b.csv"), "mrn\nB1\n");
        Files.writeString(folder.resolve("a.csv"), "mrn\nA1\nA2\n");
        Files.writeString(folder.resolve("notes.txt"), "not csv\n");

        try (SourceConnector.SourceReader reader = connector.open(spec(folder, Map.of()))) {
            assertThat(reader.files()).extracting(p -> p.getFileName().toString()).containsExactly("a.csv", "b.csv");
            List<String> seen = new ArrayList<>();
            reader.forEachRemaining(e -> seen.add(e.location().toString()));
            assertThat(seen).containsExactly("a.csv:2", "a.csv:3", "b.csv:2");
        }
    }

    @Test
    void patternOptionSelectsOtherFileNames() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("export"));
        Files.writeString(folder.resolve("x.txt"), "mrn\nX1\n");
        Files.writeString(folder.resolve("y.csv"), "mrn\nY1\n");

        List<SourceEntry> entries = readAll(spec(folder, Map.of("pattern", "*.txt")));

        assertThat(entries).extracting(e -> e.location().file()).containsExactly("x.txt");
    }

    @Test
    void missingFileGivesOneClearLine() {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> connector.open(spec(missing, Map.of())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("CSV source 'legacy': file not found: " + missing.toAbsolutePath());
    }

    @Test
    void folderWithoutMatchingFilesIsRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("empty"));

        assertThatThrownBy(() -> connector.open(spec(folder, Map.of())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("no files matching '*.csv'");
    }

    @Test
    void duplicateHeaderNameIsRefusedBeforeReading() throws IOException {
        Path file = write("p.csv", "mrn,family,mrn\nA1,Doe,A1\n");

        assertThatThrownBy(() -> connector.open(spec(file, Map.of())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("CSV source 'legacy': p.csv: header name 'mrn' appears twice (columns 1 and 3)");
    }

    @Test
    void inAFolderAFileWithABadHeaderIsQuarantinedAndTheOtherFilesAreRead() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("export"));
        Files.writeString(folder.resolve("a.csv"), "mrn\nA1\n");
        Files.writeString(folder.resolve("b.csv"), "mrn,family,mrn\nB1,Doe,B1\n");
        Files.writeString(folder.resolve("c.csv"), "mrn\nC1\n");

        List<SourceEntry> entries = readAll(spec(folder, Map.of()));

        assertThat(entries).extracting(e -> e.location().file()).containsExactly("a.csv", "b.csv", "c.csv");
        MalformedEntry bad = (MalformedEntry) entries.get(1);
        assertThat(bad.reason())
                .isEqualTo("header name 'mrn' appears twice (columns 1 and 3); the file was not read");
        assertThat(entries.get(2)).isInstanceOf(FlatRecord.class);
    }

    @Test
    void emptyHeaderNameIsRefused() throws IOException {
        Path file = write("p.csv", "mrn,,given\nA1,Doe,Jane\n");

        assertThatThrownBy(() -> connector.open(spec(file, Map.of())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("header column 2 has no name");
    }

    @Test
    void invalidOptionsAreRefusedNamingTheOption() throws IOException {
        Path file = write("p.csv", "mrn\nA1\n");

        assertThatThrownBy(() -> connector.open(spec(file, Map.of("delimiter", "#"))))
                .hasMessageContaining("option 'delimiter'");
        assertThatThrownBy(() -> connector.open(spec(file, Map.of("encoding", "EBCDIC"))))
                .hasMessageContaining("option 'encoding'");
        assertThatThrownBy(() -> connector.open(spec(file, Map.of("header", "maybe"))))
                .hasMessageContaining("option 'header'");
        assertThatThrownBy(() -> connector.open(spec(file, Map.of("maxRecordLines", "0"))))
                .hasMessageContaining("option 'maxRecordLines'");
        assertThatThrownBy(() -> connector.open(spec(file, Map.of("delimter", ";"))))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("unknown option 'delimter'");
    }

    @Test
    void recordsNeverShowTheirValuesWhenPrinted() throws IOException {
        Path file = write("p.csv", "mrn,family\nA1,Doe\n");

        SourceEntry entry = readAll(spec(file, Map.of())).get(0);

        assertThat(entry.toString()).doesNotContain("Doe").doesNotContain("A1");
    }

    // ------------------------------------------------------------ line breaks (test-fixtures/hostile/csv)

    @Test
    void lineBreaksInsideQuotedFieldsStayExactlyAsInTheFile() throws IOException {
        List<SourceEntry> entries = readAll(spec(hostile("crlf-in-quoted-field.csv"), Map.of("multilineFields", true)));

        assertThat(entries).allMatch(e -> e instanceof FlatRecord).hasSize(4);
        assertThat(((FlatRecord) entries.get(0)).value("note")).isEqualTo("first line\r\nsecond line");
        assertThat(entries.get(0).contentHash()).isEqualTo(ContentHash.of("H1,Doe,\"first line\r\nsecond line\""));
        assertThat(((FlatRecord) entries.get(1)).value("note")).isEqualTo("lone CR\rinside");
        assertThat(((FlatRecord) entries.get(2)).value("note")).isEqualTo("LF only\ninside");
        assertThat(entries).extracting(e -> e.location().position()).containsExactly(2L, 4L, 5L, 7L);
    }

    @Test
    void aFileWithCarriageReturnsOnlyIsReadLineByLine() throws IOException {
        Path file = hostile("cr-only.csv");

        List<SourceEntry> multiline = readAll(spec(file, Map.of("multilineFields", true)));
        assertThat(multiline).allMatch(e -> e instanceof FlatRecord)
                .extracting(e -> e.location().position()).containsExactly(2L, 3L, 5L);
        assertThat(((FlatRecord) multiline.get(0)).fields()).containsOnlyKeys("mrn", "family", "note");
        assertThat(((FlatRecord) multiline.get(1)).value("note")).isEqualTo("two\rlines");
        assertThat(((FlatRecord) multiline.get(2)).value("note")).isEqualTo("last");

        List<SourceEntry> plain = readAll(spec(file, Map.of()));
        assertThat(plain).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("FlatRecord", "MalformedEntry", "FlatRecord");
    }

    @Test
    void aCarriageReturnAtTheEndOfTheReadBufferStillPairsWithTheLineFeedAfterIt() throws IOException {
        // The reader takes 64 KiB at a time; here the header's CR is its last byte and the LF the next one's first.
        String header = "mrn," + "n".repeat(65_536 - 1 - "mrn,".length());
        Path file = write("boundary.csv", header + "\r\nA1,x\r\nA2,y\r\n");

        List<SourceEntry> entries = readAll(spec(file, Map.of()));

        assertThat(entries).allMatch(e -> e instanceof FlatRecord)
                .extracting(e -> e.location().position()).containsExactly(2L, 3L);
    }

    @Test
    void withoutMultilineFieldsAFieldThatSpansLinesIsOneQuarantinedEntryNotRecordsOfItsLines() throws IOException {
        // Line 3 ("H9,Wrong,patient") is part of line 2's note; read on its own it was a record of another patient.
        List<SourceEntry> entries = readAll(spec(hostile("unclosed-quote.csv"), Map.of()));

        assertThat(entries).extracting(e -> e.location().position()).containsExactly(2L, 5L, 6L, 7L);
        MalformedEntry spanning = (MalformedEntry) entries.get(0);
        assertThat(spanning.reason()).contains("spans lines 2-4").contains("multilineFields: true");
        assertThat(entries).filteredOn(e -> e instanceof FlatRecord)
                .extracting(e -> ((FlatRecord) e).value("mrn")).containsExactly("H2", "H4");
        // A quote that never closes was a stray one: its line is quarantined, the next lines are read, and it says so.
        MalformedEntry stray = (MalformedEntry) entries.get(2);
        assertThat(stray.reason()).contains("not closed").contains("the lines after it are read as records of their own");
    }

    @Test
    void withMultilineFieldsTheSameFileGivesTheSpanningNoteAndQuarantinesOnlyTheStrayQuote() throws IOException {
        List<SourceEntry> entries = readAll(spec(hostile("unclosed-quote.csv"), Map.of("multilineFields", true)));

        assertThat(entries).extracting(e -> e.location().position()).containsExactly(2L, 5L, 6L, 7L);
        assertThat(((FlatRecord) entries.get(0)).value("note")).isEqualTo("Note: called,\nH9,Wrong,patient\nwill call back");
        assertThat(((MalformedEntry) entries.get(2)).reason()).contains("not closed before the end of the file")
                .contains("the lines after it are read as records of their own");
        assertThat(((FlatRecord) entries.get(3)).value("mrn")).isEqualTo("H4");
    }

    /** A file of test-fixtures/hostile/csv, found from wherever Maven runs the tests. */
    private static Path hostile(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("test-fixtures/hostile/csv").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find test-fixtures/hostile/csv/" + name);
    }

    private List<SourceEntry> readAll(SourceSpec spec) throws IOException {
        List<SourceEntry> entries = new ArrayList<>();
        try (SourceConnector.SourceReader reader = connector.open(spec)) {
            reader.forEachRemaining(entries::add);
        }
        return entries;
    }

    private SourceSpec spec(Path location, Map<String, Object> options) {
        return new SourceSpec("legacy", "csv", location, null, new HashMap<>(options));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
