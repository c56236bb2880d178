package io.chartbridge.connector.hl7v2;

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

class Hl7v2ConnectorTest {

    @TempDir
    Path tmp;

    @Test
    void anAdtMessageWithCrSeparatorsIsOneRecordAddressedBySegmentFieldAndComponent() throws IOException {
        Path file = Fixtures.path("hl7v2/adt-a01-cr.hl7");
        List<SourceEntry> entries = readAll(file);

        assertThat(entries).hasSize(1);
        Hl7v2MessageRecord adt = (Hl7v2MessageRecord) entries.get(0);
        assertThat(adt.location().toString()).isEqualTo("adt-a01-cr.hl7 message 1");
        assertThat(adt.messageType()).isEqualTo("ADT^A01");
        assertThat(adt.value("PID-5-1")).isEqualTo("Testperson");
        assertThat(adt.value("PID-5-2")).isEqualTo("Alice");
        assertThat(adt.value("PID-5")).isEqualTo("Testperson");
        assertThat(adt.value("PID-7")).isEqualTo("19800214");
        assertThat(adt.value("PID-11-1-1")).isEqualTo("12 Elm St");
        assertThat(adt.value("PID-11-1-3")).isEqualTo("12");
        assertThat(adt.value("PID-11-3")).isEqualTo("Springfield");
        assertThat(adt.value("MSH-12")).isEqualTo("2.5");
        assertThat(adt.value("PV1-3-2")).isEqualTo("101");
        assertThat(adt.value("PID-30")).isNull();
        assertThat(adt.value("ZZZ-1")).isNull();
    }

    @Test
    void fieldRepetitionsAreAllReturnedOrChosenByIndex() throws IOException {
        SourceRecord adt = (SourceRecord) readAll(Fixtures.path("hl7v2/adt-a01-cr.hl7")).get(0);

        assertThat(adt.values("PID-3-1")).containsExactly("MRN10001", "999-00-1111");
        assertThat(adt.value("PID-3[2]-1")).isEqualTo("999-00-1111");
        assertThat(adt.value("PID-3[2]-5")).isEqualTo("SS");
        assertThat(adt.values("PID-13-4")).containsExactly("alice@example.invalid");
        assertThat(adt.value("PID-3[3]-1")).isNull();
    }

    @Test
    void pathsListWhatTheMessageHoldsInSegmentOrder() throws IOException {
        SourceRecord adt = (SourceRecord) readAll(Fixtures.path("hl7v2/adt-a01-cr.hl7")).get(0);

        assertThat(adt.paths()).startsWith("MSH-1", "MSH-2", "MSH-3", "MSH-4");
        assertThat(adt.paths()).contains("MSH-9-1", "MSH-9-2", "PID-3-1", "PID-3[2]-1", "PID-5-1", "PID-7",
                "PID-11-1-1", "PID-11-1-2", "PV1-2");
        for (String path : adt.paths()) {
            assertThat(adt.value(path)).as(path).isNotNull();
        }
    }

    @Test
    void eachObxOfAnOruIsItsOwnSegmentRecordThatSeesItsOrderAndPatient() throws IOException {
        Path file = Fixtures.path("hl7v2/oru-r01-crlf.hl7");
        Hl7v2MessageRecord oru = (Hl7v2MessageRecord) readAll(file).get(0);

        assertThat(oru.messageType()).isEqualTo("ORU^R01");
        assertThat(oru.value("OBX[3]-5")).isEqualTo("51");
        assertThat(oru.values("OBX-5")).containsExactly("187", "142", "51", "5.4");
        assertThat(oru.value("NTE-3")).isEqualTo("Fasting sample & verified");

        List<SourceRecord> observations = oru.segments("OBX");
        assertThat(observations).hasSize(4);
        SourceRecord second = observations.get(1);
        assertThat(second.value("OBX-3-1")).isEqualTo("2571-8");
        assertThat(second.value("OBX-5")).isEqualTo("142");
        assertThat(second.value("OBX-6-1")).isEqualTo("mg/dL");
        assertThat(second.value("PID-3-1")).isEqualTo("MRN10002");
        assertThat(second.value("OBR-4-2")).isEqualTo("Lipid panel");
        assertThat(second.location().toString()).isEqualTo("oru-r01-crlf.hl7 message 1 (OBX[2])");
        assertThat(second.paths()).contains("OBX-1", "OBX-3-1", "OBX-5").doesNotContain("PID-3-1");

        SourceRecord last = observations.get(3);
        assertThat(last.value("OBX-5")).isEqualTo("5.4");
        assertThat(last.value("OBR-4-2")).isEqualTo("Hemoglobin A1c");
        assertThat(last.contentHash()).isNotEqualTo(second.contentHash());
    }

    @Test
    void aVxuWithLfSeparatorsCarriesItsImmunization() throws IOException {
        Hl7v2MessageRecord vxu = (Hl7v2MessageRecord) readAll(Fixtures.path("hl7v2/vxu-v04-lf.hl7")).get(0);

        assertThat(vxu.messageType()).isEqualTo("VXU^V04");
        assertThat(vxu.value("RXA-5-1")).isEqualTo("141");
        assertThat(vxu.value("RXA-15")).isEqualTo("LOT1234");
        assertThat(vxu.value("MSH-12")).isEqualTo("2.5.1");
        assertThat(vxu.segmentNames()).containsExactly("MSH", "PID", "ORC", "RXA", "RXR");
    }

    @Test
    void aBatchFileYieldsOneRecordPerMessageNumberedInFileOrder() throws IOException {
        List<SourceEntry> entries = readAll(Fixtures.path("hl7v2/batch-adt.hl7"));

        assertThat(entries).hasSize(3).allMatch(Hl7v2MessageRecord.class::isInstance);
        assertThat(entries).extracting(e -> ((Hl7v2MessageRecord) e).messageType())
                .containsExactly("ADT^A01", "ADT^A04", "ADT^A08");
        assertThat(entries).extracting(e -> e.location().position()).containsExactly(1L, 2L, 3L);
        assertThat(((SourceRecord) entries.get(2)).value("PID-7")).isEqualTo("19620102");
        assertThat(((Hl7v2MessageRecord) entries.get(0)).segmentNames()).containsExactly("MSH", "EVN", "PID", "PV1");
    }

    @Test
    void aByteOrderMarkIsSkippedAndSeveralMshSegmentsSplitMessages() throws IOException {
        List<SourceEntry> entries = readAll(Fixtures.path("hl7v2/adt-several-msh-bom.hl7"));

        assertThat(entries).hasSize(2).allMatch(Hl7v2MessageRecord.class::isInstance);
        SourceRecord first = (SourceRecord) entries.get(0);
        assertThat(first.value("MSH-3")).isEqualTo("LEGACYADT");
        assertThat(first.value("PID-5-1")).isEqualTo("Müller");
        assertThat(first.value("PID-5-2")).isEqualTo("Zoë");
        assertThat(((SourceRecord) entries.get(1)).value("PID-5-1")).isEqualTo("Ñandú");
    }

    @Test
    void theSameMessageHashesAlikeWhateverItsSegmentSeparators() throws IOException {
        Path cr = tmp.resolve("cr.hl7");
        Path crlf = tmp.resolve("crlf.hl7");
        String text = Files.readString(Fixtures.path("hl7v2/adt-a01-cr.hl7"));
        Files.writeString(cr, text);
        Files.writeString(crlf, "\uFEFF" + text.replace("\r", "\r\n"));

        assertThat(readAll(crlf).get(0).contentHash()).isEqualTo(readAll(cr).get(0).contentHash());
    }

    @Test
    void aMessageWithoutMshIsQuarantinedAndTheNextMessageIsRead() throws IOException {
        Path file = Fixtures.path("hl7v2/malformed/no-msh.hl7");
        List<SourceEntry> entries = readAll(file);

        assertThat(entries).hasSize(2);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().toString()).isEqualTo("no-msh.hl7 message 1");
        assertThat(bad.reason()).startsWith("no MSH segment");
        assertThat(((SourceRecord) entries.get(1)).value("PID-5-1")).isEqualTo("Validcase");
        assertThat(entries.get(1).location().position()).isEqualTo(2);
    }

    @Test
    void badEncodingCharactersAreQuarantinedWithTheMessageNumber() throws IOException {
        Path file = Fixtures.path("hl7v2/malformed/bad-encoding-characters.hl7");
        List<SourceEntry> entries = readAll(file);

        assertThat(entries).hasSize(2);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().position()).isEqualTo(1);
        assertThat(bad.reason()).startsWith("bad encoding characters in MSH-1/MSH-2");
        assertThat(entries.get(1)).isInstanceOf(Hl7v2MessageRecord.class);
    }

    @Test
    void truncatedMessagesAreQuarantinedAndTheGoodOnesAroundThemAreRead() throws IOException {
        Path file = Fixtures.path("hl7v2/malformed/truncated.hl7");
        List<SourceEntry> entries = readAll(file);

        assertThat(entries).hasSize(4);
        assertThat(entries.get(0)).isInstanceOf(Hl7v2MessageRecord.class);
        MalformedEntry bareMsh = (MalformedEntry) entries.get(1);
        assertThat(bareMsh.location().toString()).isEqualTo("truncated.hl7 message 2");
        assertThat(bareMsh.reason()).isEqualTo("truncated message: MSH-9 (message type) is missing");
        assertThat(((SourceRecord) entries.get(2)).value("PID-5-1")).isEqualTo("Afterthe");
        MalformedEntry cut = (MalformedEntry) entries.get(3);
        assertThat(cut.location().position()).isEqualTo(4);
        assertThat(cut.reason()).startsWith("segment 3 has no valid segment name").doesNotContain("Half");
    }

    @Test
    void aMessageWithOnlyItsHeaderIsQuarantinedAsTruncated() throws IOException {
        Path file = tmp.resolve("only-msh.hl7");
        Files.writeString(file, "MSH|^~\\&|A|B|||20240101||ADT^A01|1|P|2.5\r");

        MalformedEntry bad = (MalformedEntry) readAll(file).get(0);

        assertThat(bad.reason()).isEqualTo("truncated message: only the MSH segment is present");
    }

    @Test
    void anUnknownOrMissingVersionIsReadLenientlyAndKeptAsSent() throws IOException {
        Path file = tmp.resolve("versions.hl7");
        Files.writeString(file, "MSH|^~\\&|A|B|||20240101||ADT^A01|1|P|2.9.9\rPID|1||M1\r"
                + "MSH|^~\\&|A|B|||20240101||ADT^A04|2|P\rPID|1||M2\r");

        List<SourceEntry> entries = readAll(file);

        assertThat(entries).hasSize(2).allMatch(Hl7v2MessageRecord.class::isInstance);
        assertThat(((SourceRecord) entries.get(0)).value("MSH-12")).isEqualTo("2.9.9");
        assertThat(((SourceRecord) entries.get(0)).value("PID-3")).isEqualTo("M1");
        assertThat(((SourceRecord) entries.get(1)).value("MSH-12")).isNull();
        assertThat(((SourceRecord) entries.get(1)).value("PID-3")).isEqualTo("M2");
    }

    @Test
    void aFolderIsReadFileByFileAndItsSubfoldersAreLeftAlone() throws IOException {
        SourceReader reader = new Hl7v2Connector().open(spec(Fixtures.path("hl7v2"), Map.of()));
        List<SourceEntry> entries = new ArrayList<>();
        try (reader) {
            reader.forEachRemaining(entries::add);
        }

        assertThat(reader.files()).extracting(p -> p.getFileName().toString()).containsExactly(
                "adt-a01-cr.hl7", "adt-several-msh-bom.hl7", "adt-visit-merge.hl7", "batch-adt.hl7", "hostile-values.hl7",
                "mdm-t02.hl7", "oru-r01-crlf.hl7", "oru-value-types.hl7", "siu-s12-s15.hl7", "vxu-doses-refusal.hl7",
                "vxu-v04-lf.hl7");
        assertThat(entries).hasSize(21).allMatch(Hl7v2MessageRecord.class::isInstance);
    }

    @Test
    void aPathThatIsNotHl7SyntaxHoldsNothingAndCanBeCheckedUpFront() throws IOException {
        SourceRecord adt = (SourceRecord) readAll(Fixtures.path("hl7v2/adt-a01-cr.hl7")).get(0);

        assertThat(adt.value("patient.name")).isNull();
        assertThat(adt.values("PID-0")).isEmpty();
        assertThat(Hl7v2Path.isValid("PID-3[2]-1")).isTrue();
        assertThat(Hl7v2Path.isValid("OBX[3]-5-1-2")).isTrue();
        assertThat(Hl7v2Path.isValid("patient.name")).isFalse();
        assertThat(Hl7v2Path.isValid("PID-0")).isFalse();
        assertThatThrownBy(() -> Hl7v2Path.parse("pid-5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected SEG[occurrence]-field[repetition]-component-subcomponent");
    }

    @Test
    void aBigBatchIsStreamedMessageByMessage() throws IOException {
        Path big = tmp.resolve("big.hl7");
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            for (int i = 1; i <= 5_000; i++) {
                w.write("MSH|^~\\&|A|B|||20240101||ADT^A04|" + i + "|P|2.5\rPID|1||MRN" + i
                        + "^^^X^MR||Family^Given||19800101|F\rPV1|1|O\r");
            }
        }
        long count = 0;
        String last = null;
        try (SourceReader reader = new Hl7v2Connector().open(spec(big, Map.of()))) {
            while (reader.hasNext()) {
                last = ((SourceRecord) reader.next()).value("PID-3-1");
                count++;
            }
        }
        assertThat(count).isEqualTo(5_000);
        assertThat(last).isEqualTo("MRN5000");
    }

    @Test
    void aSegmentOffersTheSegmentsThatBelongToItAndPathsReadItsOwnNeverAnothers() throws IOException {
        Hl7v2MessageRecord vxu = (Hl7v2MessageRecord) readAll(Fixtures.path("hl7v2/vxu-doses-refusal.hl7")).get(0);
        List<SourceRecord> doses = vxu.children("RXA");
        assertThat(doses).hasSize(3);
        assertThat(doses.get(0).value("RXR-1-1")).isEqualTo("C28161");
        assertThat(doses.get(1).value("RXR-1-1")).isEqualTo("C38299");
        // the refusal has no RXR of its own: it does not read the dose's before it
        assertThat(doses.get(2).value("RXR-1-1")).isNull();
        assertThat(doses.get(2).value("ORC-3-1")).isEqualTo("IMM9003");
        assertThat(doses.get(2).children("RXR")).isEmpty();

        Hl7v2MessageRecord oru = (Hl7v2MessageRecord) readAll(Fixtures.path("hl7v2/oru-r01-crlf.hl7")).get(0);
        List<SourceRecord> orders = oru.children("OBR");
        assertThat(orders.get(0).children("OBX")).extracting(r -> r.value("OBX-3-1"))
                .containsExactly("2093-3", "2571-8", "2085-9");
        assertThat(orders.get(1).children("OBX")).extracting(r -> r.value("OBX-3-1")).containsExactly("4548-4");
        assertThat(oru.children("OBX").get(2).children("NTE")).extracting(r -> r.value("NTE-3"))
                .containsExactly("Fasting sample & verified");
        assertThat(oru.children("patient")).isNull();
    }

    @Test
    void eachRepetitionOfAFieldIsAChildInWhichTheFieldReadsThatRepetition() throws IOException {
        Hl7v2MessageRecord adt = (Hl7v2MessageRecord) readAll(Fixtures.path("hl7v2/adt-a01-cr.hl7")).get(0);
        List<SourceRecord> identifiers = adt.children("PID-3");
        assertThat(identifiers).extracting(r -> r.value("PID-3-1")).containsExactly("MRN10001", "999-00-1111");
        assertThat(identifiers).extracting(r -> r.value("PID-3-5")).containsExactly("MR", "SS");
        assertThat(identifiers.get(1).value("PID-5-1")).isEqualTo("Testperson");
        assertThat(identifiers.get(1).location().toString()).isEqualTo("adt-a01-cr.hl7 message 1 (PID-3[2])");
        assertThat(adt.children("PID-30")).isEmpty();
    }

    @Test
    void aSegmentNameAloneTellsWhetherTheMessageHasThatSegment() throws IOException {
        Hl7v2MessageRecord adt = (Hl7v2MessageRecord) readAll(Fixtures.path("hl7v2/adt-visit-merge.hl7")).get(2);
        assertThat(adt.value("MRG")).isEqualTo("MRG");
        assertThat(adt.value("PV1")).isNull();
        assertThat(adt.value("MRG-1-1")).isEqualTo("MRN49999");
        // MSH-2 of HL7 v2.7 has a fifth encoding character (truncation): still read
        assertThat(adt.value("MSH-9-2")).isEqualTo("A40");
    }

    @Test
    void aTenMegabyteObxIsReadWholeAndTheNextMessageToo() throws IOException {
        Path file = tmp.resolve("big-obx.hl7");
        int size = 10 * 1024 * 1024;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("MSH|^~\\&|A|B|||20240101||ORU^R01|1|P|2.5.1\rPID|1||MRN1^^^X^MR||Family^Given\r"
                    + "OBR|1||F1|11506-3^Note^LN\rOBX|1|ED|18842-5^Discharge summary^LN||^Application^PDF^Base64^");
            char[] chunk = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=".replace("=", "A").toCharArray();
            for (int written = 0; written < size; written += chunk.length) {
                w.write(chunk);
            }
            w.write("||||||F\rMSH|^~\\&|A|B|||20240101||ADT^A08|2|P|2.5.1\rPID|1||MRN2^^^X^MR||Other^Name\r");
        }
        List<SourceEntry> entries = readAll(file);

        assertThat(entries).hasSize(2).allMatch(Hl7v2MessageRecord.class::isInstance);
        SourceRecord oru = (SourceRecord) entries.get(0);
        assertThat(oru.value("OBX-5-5")).hasSizeGreaterThanOrEqualTo(size).startsWith("QUJDREVGR0");
        assertThat(((SourceRecord) entries.get(1)).value("PID-3-1")).isEqualTo("MRN2");
    }

    @Test
    void aMissingLocationMakesTheSourceUnavailable() {
        assertThatThrownBy(() -> new Hl7v2Connector().open(spec(tmp.resolve("nowhere"), Map.of())))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("HL7 v2 source 'adt-feed'")
                .hasMessageContaining("does not exist");
    }

    private static SourceSpec spec(Path location, Map<String, Object> options) {
        return new SourceSpec("adt-feed", "hl7v2", location, null, options);
    }

    private static List<SourceEntry> readAll(Path file) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (SourceReader reader = new Hl7v2Connector().open(spec(file, Map.of()))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }
}
