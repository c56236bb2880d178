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

class XmlDocumentConnectorTest {

    private static final Path PATIENTS = Fixtures.path("json-xml/patients.xml");

    @TempDir
    Path tmp;

    @Test
    void eachElementAtTheRecordPathIsARecordAndTheHeaderIsIgnored() throws IOException {
        List<SourceEntry> entries = readAll(PATIENTS, "/export/patient");

        assertThat(entries).hasSize(3).allMatch(XmlRecord.class::isInstance);
        assertThat(entries).extracting(e -> ((SourceRecord) e).value("@id"))
                .containsExactly("XP-0001", "XP-0002", "XP-0003");
        assertThat(entries.get(2).location().toString()).isEqualTo("patients.xml record 3");
    }

    @Test
    void valuesAreAddressedBySlashPathsOneBasedIndexesAndAttributes() throws IOException {
        SourceRecord alice = (SourceRecord) readAll(PATIENTS, "/export/patient").get(0);

        assertThat(alice.value("mrn")).isEqualTo("XP-0001");
        assertThat(alice.value("name/family")).isEqualTo("Testperson");
        assertThat(alice.values("name/given")).containsExactly("Alice", "Marie");
        assertThat(alice.value("name/given[2]")).isEqualTo("Marie");
        assertThat(alice.value("name/@use")).isEqualTo("official");
        assertThat(alice.values("phone")).containsExactly("555-0100", "555-0101");
        assertThat(alice.value("phone[2]")).isEqualTo("555-0101");
        assertThat(alice.values("address/line")).containsExactly("12 Elm St", "Apt 3");
        assertThat(alice.value("note")).isEqualTo("Prefers <morning> visits & phone calls");
        assertThat(alice.value("phone[3]")).isNull();
        assertThat(alice.value("name")).isNull();
        assertThat(alice.value("name//family")).isNull();
        assertThat(XmlRecord.isValidPath("name/@use")).isTrue();
        assertThat(XmlRecord.isValidPath("address/line[2]")).isTrue();
        assertThat(XmlRecord.isValidPath("name//family")).isFalse();
        assertThat(XmlRecord.isValidPath("@use/name")).isFalse();
    }

    @Test
    void escapedCharactersAndNonAsciiTextAreDecoded() throws IOException {
        SourceRecord third = (SourceRecord) readAll(PATIENTS, "//patient").get(2);

        assertThat(third.value("name/family")).isEqualTo("Müller & Söhne");
        assertThat(third.value("name/given")).isEqualTo("Zoë");
    }

    @Test
    void pathsListEveryValueAndAttributeWithIndexesOnlyWhereANameRepeats() throws IOException {
        SourceRecord alice = (SourceRecord) readAll(PATIENTS, "/export/patient").get(0);

        assertThat(alice.paths()).startsWith("@id", "mrn", "name/@use", "name/family", "name/given", "name/given[2]")
                .contains("phone", "phone[2]", "address/line[2]", "note");
        for (String path : alice.paths()) {
            assertThat(alice.value(path)).as(path).isNotNull();
        }
    }

    @Test
    void aRecordPathThatFindsNothingIsReportedForTheFileButAnEmptyExportIsNot() throws IOException {
        Path empty = tmp.resolve("empty.xml");
        Files.writeString(empty, "<export><header/></export>");

        List<SourceEntry> wrongPath = readAll(PATIENTS, "/Export/patient");

        assertThat(wrongPath).hasSize(1);
        assertThat(((MalformedEntry) wrongPath.get(0)).reason())
                .isEqualTo("nothing in the file is at recordPath '/Export/patient'; check the option");
        assertThat(readAll(PATIENTS, "/patient")).hasSize(1).allMatch(MalformedEntry.class::isInstance);
        assertThat(readAll(empty, "/export/patient")).isEmpty();
        assertThat(readAll(empty, "//patient")).isEmpty();
    }

    @Test
    void aByteOrderMarkAndADeclaredLatin1EncodingAreHonoured() throws IOException {
        Path bom = tmp.resolve("bom.xml");
        Files.write(bom, "\uFEFF<export><patient><family>Müller</family></patient></export>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path latin1 = tmp.resolve("latin1.xml");
        Files.write(latin1, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><export><patient><family>Müller</family>"
                .concat("</patient></export>").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(((SourceRecord) readAll(bom, "/export/patient").get(0)).value("family")).isEqualTo("Müller");
        assertThat(((SourceRecord) readAll(latin1, "/export/patient").get(0)).value("family")).isEqualTo("Müller");
    }

    @Test
    void aMalformedRecordIsQuarantinedWithItsPositionAfterTheGoodOnes() throws IOException {
        Path file = Fixtures.path("json-xml/malformed-record.xml");
        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).hasSize(2);
        assertThat(((SourceRecord) entries.get(0)).value("name/family")).isEqualTo("Goodfirst");
        MalformedEntry bad = (MalformedEntry) entries.get(1);
        assertThat(bad.location().unit()).isEqualTo("record");
        assertThat(bad.location().position()).isEqualTo(2);
        assertThat(bad.location().detail()).startsWith("line 4, column");
        assertThat(bad.reason()).startsWith("the record is not well-formed XML at line 4")
                .endsWith("the rest of the file was not read").doesNotContain("Broken");
    }

    @Test
    void aFileThatIsNotXmlIsOneEntryForTheFile() throws IOException {
        Path file = Fixtures.path("json-xml/not-xml.xml");
        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).hasSize(1);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().unit()).isEqualTo("file");
        assertThat(bad.reason()).startsWith("the file is not well-formed XML at line 1")
                .endsWith("nothing in it was read").doesNotContain("Notxml");
    }

    @Test
    void anExternalEntityIsNeverResolvedAndTheFileIsRefused() throws IOException {
        Path file = Fixtures.path("json-xml/xxe.xml");
        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).hasSize(1);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().unit()).isEqualTo("file");
        assertThat(bad.reason()).startsWith("the file declares a DOCTYPE, which is not accepted");
    }

    @Test
    void anEntityPointingAtALocalFileDoesNotLeakItsContent() throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "SECRET-MARKER-42");
        Path file = tmp.resolve("attack.xml");
        Files.writeString(file, "<?xml version=\"1.0\"?>\n<!DOCTYPE export [<!ENTITY s SYSTEM \"" + secret.toUri()
                + "\">]>\n<export><patient><mrn>&s;</mrn></patient><patient><mrn>OK</mrn></patient></export>");

        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).noneMatch(e -> e instanceof SourceRecord r && r.values("mrn").stream()
                .anyMatch(v -> v.contains("SECRET")));
        assertThat(entries).hasSize(1).allMatch(MalformedEntry.class::isInstance);
        assertThat(((MalformedEntry) entries.get(0)).reason()).doesNotContain("SECRET");
    }

    @Test
    void anEmptyFileIsOneEntrySayingSo() throws IOException {
        Path file = Files.createFile(tmp.resolve("empty.xml"));

        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).hasSize(1);
        assertThat(((MalformedEntry) entries.get(0)).reason()).isEqualTo("the file is empty (0 bytes)");
    }

    @Test
    void binaryDataIsOneEntryForTheFileNotAFailureToOpenIt() throws IOException {
        Path file = Files.write(tmp.resolve("binary.xml"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, 1, 2, 3});

        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).hasSize(1);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().unit()).isEqualTo("file");
        assertThat(bad.reason()).startsWith("the file ").endsWith("nothing in it was read");
    }

    @Test
    void aRecordNestedTooDeepIsSkippedAndTheNextRecordIsRead() throws IOException {
        int depth = XmlFileReader.MAX_RECORD_DEPTH * 50;
        StringBuilder xml = new StringBuilder("<export><patient><mrn>A</mrn></patient><patient>");
        xml.append("<x>".repeat(depth)).append("</x>".repeat(depth));
        xml.append("</patient><patient><mrn>C</mrn></patient></export>");
        Path file = Files.writeString(tmp.resolve("deep.xml"), xml);

        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).hasSize(3);
        assertThat(((SourceRecord) entries.get(0)).value("mrn")).isEqualTo("A");
        MalformedEntry deep = (MalformedEntry) entries.get(1);
        assertThat(deep.location().position()).isEqualTo(2);
        assertThat(deep.reason()).contains("more than " + XmlFileReader.MAX_RECORD_DEPTH + " levels deep");
        assertThat(((SourceRecord) entries.get(2)).value("mrn")).isEqualTo("C");
    }

    @Test
    void bytesInvalidInTheEncodingAreNamedAsSuch() throws IOException {
        byte[] head = "<export><patient><mrn>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = "</mrn></patient></export>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
        Path file = Files.write(tmp.resolve("bad-utf8.xml"), bytes);

        List<SourceEntry> entries = readAll(file, "/export/patient");

        assertThat(entries).hasSize(1);
        assertThat(((MalformedEntry) entries.get(0)).reason())
                .contains("has bytes that are not valid in its character encoding");
    }

    @Test
    void aBigExportIsStreamedRecordByRecord() throws IOException {
        Path big = tmp.resolve("big.xml");
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            w.write("<export><header><n>1</n></header>");
            for (int i = 0; i < 100_000; i++) {
                w.write("<patient id=\"P" + i + "\"><name><family>F" + i + "</family></name></patient>");
            }
            w.write("</export>");
        }
        long count = 0;
        String last = null;
        try (SourceReader reader = new XmlDocumentConnector().open(spec(big, "/export/patient"))) {
            while (reader.hasNext()) {
                last = ((SourceRecord) reader.next()).value("@id");
                count++;
            }
        }
        assertThat(count).isEqualTo(100_000);
        assertThat(last).isEqualTo("P99999");
    }

    @Test
    void aMissingRecordPathIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new XmlDocumentConnector().open(new SourceSpec("export", "xml", PATIENTS, null,
                Map.of())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("XML source 'export': option 'recordPath' is required (e.g. /export/patient)");
    }

    private static SourceSpec spec(Path location, String recordPath) {
        return new SourceSpec("export", "xml", location, null, Map.of("recordPath", recordPath));
    }

    private static List<SourceEntry> readAll(Path file, String recordPath) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (SourceReader reader = new XmlDocumentConnector().open(spec(file, recordPath))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }
}
