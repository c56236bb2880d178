package io.chartbridge.connector.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector.SourceReader;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, bad input: HL7 v2 files as broken feeds deliver them. Each broken message is one quarantined entry with
 * its file and message number and a reason that quotes no value; the messages around it are read.
 */
class Hl7v2BadInputTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final String HEADER = "MSH|^~\\&|A|B|||20240101||ADT^A08|%d|P|2.5.1\r";

    @TempDir
    Path tmp;

    @Test
    void bytesThatAreNotInTheEncodingQuarantineTheirMessageOnlyAndTheRestOfTheFileIsRead() throws IOException {
        Path file = tmp.resolve("mixed.hl7");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(message(1, "Müller", StandardCharsets.UTF_8));
        bytes.writeBytes(message(2, "Hélène", StandardCharsets.ISO_8859_1)); // a Latin-1 é: not UTF-8
        bytes.writeBytes(message(3, "Søren", StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());

        List<SourceEntry> entries = read(file, Map.of());

        assertThat(entries).hasSize(3);
        assertThat(((SourceRecord) entries.get(0)).value("PID-5-1")).isEqualTo("Müller");
        MalformedEntry bad = (MalformedEntry) entries.get(1);
        assertThat(bad.location().toString()).isEqualTo(file + " message 2");
        assertThat(bad.reason()).isEqualTo("segment 2 holds bytes that are not UTF-8 text (a byte sequence that is no"
                + " character); check the source's encoding option, or the file was cut");
        assertThat(((SourceRecord) entries.get(2)).value("PID-5-1")).isEqualTo("Søren");
    }

    @Test
    void theEncodingOptionReadsALatin1Feed() throws IOException {
        Path file = tmp.resolve("latin1.hl7");
        Files.write(file, concat(message(1, "Hélène", StandardCharsets.ISO_8859_1),
                message(2, "Çelik", StandardCharsets.ISO_8859_1)));

        List<SourceEntry> entries = read(file, Map.of("encoding", "ISO-8859-1"));

        assertThat(entries).extracting(e -> ((SourceRecord) e).value("PID-5-1")).containsExactly("Hélène", "Çelik");
    }

    @Test
    void aByteWithNoCharacterInWindows1252IsQuarantined() throws IOException {
        Path file = tmp.resolve("cp1252.hl7");
        byte[] bad = message(1, "Xx", StandardCharsets.ISO_8859_1);
        bad[indexOf(bad, (byte) 'X')] = (byte) 0x81; // unassigned in windows-1252
        Files.write(file, concat(bad, message(2, "Dvorák", CP1252)));

        List<SourceEntry> entries = read(file, Map.of("encoding", "windows-1252"));

        assertThat(((MalformedEntry) entries.get(0)).reason()).startsWith("segment 2 holds bytes that are not"
                + " windows-1252 text (a byte with no character)");
        assertThat(((SourceRecord) entries.get(1)).value("PID-5-1")).isEqualTo("Dvorák");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedSoTheFirstMessageStartsWithItsHeader() throws IOException {
        Path file = tmp.resolve("bom.hl7");
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                message(1, "Ånström", StandardCharsets.UTF_8)));

        assertThat(((SourceRecord) read(file, Map.of()).get(0)).value("PID-5-1")).isEqualTo("Ånström");
    }

    @Test
    void aFileCutInTheMiddleOfACharacterQuarantinesItsLastMessage() throws IOException {
        Path file = tmp.resolve("cut-in-character.hl7");
        byte[] last = message(2, "Zoë", StandardCharsets.UTF_8);
        int cut = indexOf(last, (byte) 0xC3) + 1; // the first of the two bytes of ë, and no more
        Files.write(file, concat(message(1, "First", StandardCharsets.UTF_8), Arrays.copyOf(last, cut)));

        List<SourceEntry> entries = read(file, Map.of());

        assertThat(entries).hasSize(2);
        assertThat(((SourceRecord) entries.get(0)).value("PID-5-1")).isEqualTo("First");
        assertThat(entries.get(1).location().position()).isEqualTo(2);
        assertThat(((MalformedEntry) entries.get(1)).reason()).startsWith("segment 2 holds bytes that are not UTF-8");
    }

    @Test
    void aFileCutInTheMiddleOfASegmentNameQuarantinesItsLastMessage() throws IOException {
        Path file = tmp.resolve("cut-in-segment.hl7");
        Files.writeString(file, new String(message(1, "First", StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                + String.format(HEADER, 2) + "PID|1||MRN2^^^X^MR||Second\rPV1|1|I\rOB");

        List<SourceEntry> entries = read(file, Map.of());

        assertThat(entries).hasSize(2);
        MalformedEntry cut = (MalformedEntry) entries.get(1);
        assertThat(cut.location().toString()).isEqualTo(file + " message 2");
        assertThat(cut.reason()).startsWith("segment 4 has no valid segment name");
    }

    @Test
    void aFieldRepeatedMoreThanTheLimitQuarantinesItsMessageOnly() throws IOException {
        Path file = tmp.resolve("repetitions.hl7");
        String ids = String.join("~", java.util.Collections.nCopies(Hl7v2MessageParser.MAX_REPETITIONS + 1,
                "ZQX1^^^X^MR"));
        Files.writeString(file, String.format(HEADER, 1) + "PID|1||" + ids + "||Zqxmany\r"
                + new String(message(2, "Second", StandardCharsets.UTF_8), StandardCharsets.UTF_8));

        List<SourceEntry> entries = read(file, Map.of());

        assertThat(entries).hasSize(2);
        assertThat(((MalformedEntry) entries.get(0)).reason()).isEqualTo("PID-3 repeats more than 1000 times (a real"
                + " feed repeats a field a handful of times); the message was not read");
        assertThat(((SourceRecord) entries.get(1)).value("PID-5-1")).isEqualTo("Second");
    }

    @Test
    void aFieldRepeatedAsOftenAsTheLimitIsRead() throws IOException {
        Path file = tmp.resolve("repetitions-at-limit.hl7");
        String ids = String.join("~", java.util.Collections.nCopies(Hl7v2MessageParser.MAX_REPETITIONS,
                "ZQX1^^^X^MR"));
        Files.writeString(file, String.format(HEADER, 1) + "PID|1||" + ids + "||Many\r");

        List<SourceEntry> entries = read(file, Map.of());

        assertThat(entries).singleElement().isInstanceOf(SourceRecord.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MSH|^~|A|B|||20240101||ADT^A08|1|P|2.5.1",      // two encoding characters
        "MSH|^^~&|A|B|||20240101||ADT^A08|1|P|2.5.1",    // one character twice
        "MSH|^~\\&^|A|B|||20240101||ADT^A08|1|P|2.5.1",  // five, one of them twice
        "MSH|abcd|A|B|||20240101||ADT^A08|1|P|2.5.1",    // letters
        "MSHA^~\\&A|B|||20240101||ADT^A08|1|P|2.5.1",    // a letter as the field separator
        "MSH| ^~\\&|A|B|||20240101||ADT^A08|1|P|2.5.1",  // white space
    })
    void wrongEncodingCharactersQuarantineTheMessageAndTheNextIsRead(String header) throws IOException {
        Path file = tmp.resolve("bad-msh2.hl7");
        Files.writeString(file, header + "\rPID|1||MRN1^^^X^MR||Bad\r"
                + new String(message(2, "Next", StandardCharsets.UTF_8), StandardCharsets.UTF_8));

        List<SourceEntry> entries = read(file, Map.of());

        assertThat(entries).hasSize(2);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().toString()).isEqualTo(file + " message 1");
        assertThat(bad.reason()).startsWith("bad encoding characters in MSH-1/MSH-2");
        assertThat(((SourceRecord) entries.get(1)).value("PID-5-1")).isEqualTo("Next");
    }

    @Test
    void aMessageOverTheLimitIsQuarantinedWithoutBeingHeldAndTheNextIsRead() throws IOException {
        Path file = tmp.resolve("oversized.hl7");
        String big = String.format(HEADER, 1).replace("ADT^A08", "ORU^R01") + "PID|1||MRN1^^^X^MR||Big\r"
                + "OBX|1|ED|18842-5^Discharge summary^LN||^Application^PDF^Base64^" + "QUJD".repeat(4096) + "||||||F\r";
        Files.writeString(file, big + new String(message(2, "Small", StandardCharsets.UTF_8), StandardCharsets.UTF_8));

        List<SourceEntry> entries = new ArrayList<>();
        try (SourceReader reader = new Hl7v2Reader("feed", List.of(file),
                Hl7v2ConnectorConfig.from(spec(file, Map.of())), 8 * 1024)) {
            reader.forEachRemaining(entries::add);
        }

        assertThat(entries).hasSize(2);
        MalformedEntry bad = (MalformedEntry) entries.get(0);
        assertThat(bad.location().toString()).isEqualTo(file + " message 1");
        assertThat(bad.reason()).isEqualTo("message longer than 8192 bytes (is this an HL7 v2 file?); skipped to the"
                + " next MSH");
        assertThat(((SourceRecord) entries.get(1)).value("PID-5-1")).isEqualTo("Small");
    }

    /** An ADT message whose PID-5-1 is {@code family}, encoded in {@code charset}. */
    private static byte[] message(int number, String family, Charset charset) {
        return (String.format(HEADER, number) + "PID|1||MRN" + number + "^^^X^MR||" + family + "^Given\rPV1|1|I\r")
                .getBytes(charset);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static List<SourceEntry> read(Path file, Map<String, Object> options) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (SourceReader reader = new Hl7v2Connector().open(spec(file, options))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    private static SourceSpec spec(Path location, Map<String, Object> options) {
        return new SourceSpec("feed", "hl7v2", location, null, options);
    }
}
