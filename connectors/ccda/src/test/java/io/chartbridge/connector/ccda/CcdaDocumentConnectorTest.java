package io.chartbridge.connector.ccda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcdaDocumentConnectorTest {

    static final String GOOD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:sdtc="urn:hl7-org:sdtc" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>
              <templateId root="2.16.840.1.113883.10.20.22.1.2" extension="2015-08-01"/>
              <id root="2.16.840.1.113883.19.5" extension="DOC-1"/>
              <recordTarget><patientRole>
                <id root="2.16.840.1.113883.19.5.1" extension="MRN-1"/>
                <id nullFlavor="UNK"/>
                <patient>
                  <name><given>Ada</given><given nullFlavor="UNK">UNK</given><family>Testperson</family></name>
                  <administrativeGenderCode nullFlavor="ASKU"/>
                  <sdtc:raceCode code="2108-9" codeSystem="2.16.840.1.113883.6.238"/>
                </patient>
              </patientRole></recordTarget>
              <component><structuredBody>
                <component><section><code code="11450-4"/>
                  <entry><act><id root="1.2.3" extension="A1"/><entryRelationship><observation><id root="1.2.3" extension="O1"/>
                    <value xsi:type="CD" code="59621000"/></observation></entryRelationship></act></entry>
                  <entry><act><id root="1.2.3" extension="A2"/></act></entry>
                </section></component>
              </structuredBody></component>
            </ClinicalDocument>
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private List<SourceEntry> read(Path location, Map<String, Object> options) throws Exception {
        List<SourceEntry> entries = new ArrayList<>();
        try (SourceConnector.SourceReader reader = new CcdaDocumentConnector().open(
                new SourceSpec("charts", "ccda", location, null, options))) {
            reader.forEachRemaining(entries::add);
        }
        return entries;
    }

    private String reason(String content) throws Exception {
        List<SourceEntry> entries = read(write("doc.xml", content), Map.of());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).isInstanceOf(MalformedEntry.class);
        return ((MalformedEntry) entries.get(0)).reason();
    }

    @Test
    void pathsAreXPathWithCdaNamesUnprefixedAndNullFlavorsReadAsAbsent() throws Exception {
        Path file = write("doc.xml", GOOD);
        SourceRecord doc = (SourceRecord) read(file, Map.of()).get(0);
        assertThat(doc.location().toString()).isEqualTo(file.toString());
        assertThat(doc.value("recordTarget/patientRole/patient/name/family")).isEqualTo("Testperson");
        assertThat(doc.values("recordTarget/patientRole/patient/name/given")).containsExactly("Ada");
        assertThat(doc.values("recordTarget/patientRole/id/@extension")).containsExactly("MRN-1");
        assertThat(doc.value("recordTarget/patientRole/patient/administrativeGenderCode/@code")).isNull();
        assertThat(doc.value("recordTarget/patientRole/patient/sdtc:raceCode/@code")).isEqualTo("2108-9");
        assertThat(doc.value("string-join((id/@root, id/@extension), '^')")).isEqualTo("2.16.840.1.113883.19.5^DOC-1");
        assertThat(doc.value("count(//entry)")).isEqualTo("2");
        assertThat(doc.value("unparsed-text('/etc/hostname')")).as("no way out of the document").isNull();
        assertThat(doc.value("this is ( not XPath")).isNull();
        assertThat(((CcdaDocumentRecord) doc).isValidPath("this is ( not XPath")).isFalse();
        assertThat(doc.paths()).contains("id/@root", "recordTarget/patientRole/patient/name/family");
    }

    @Test
    void childRecordsStartAtTheirElementAndStillReachTheDocument() throws Exception {
        CcdaDocumentRecord doc = (CcdaDocumentRecord) read(write("doc.xml", GOOD), Map.of()).get(0);
        List<SourceRecord> acts = doc.records("//section/entry/act");
        assertThat(acts).extracting(r -> r.value("id/@extension")).containsExactly("A1", "A2");
        assertThat(acts.get(1).value("/ClinicalDocument/recordTarget/patientRole/id/@extension")).isEqualTo("MRN-1");
        assertThat(acts.get(1).value("ancestor::section/code/@code")).isEqualTo("11450-4");
        assertThat(acts.get(1).location().detail()).isEqualTo("component/structuredBody/component/section/entry[2]/act");
        assertThat(((CcdaEntryRecord) acts.get(0)).records("entryRelationship/observation"))
                .extracting(r -> r.value("value/@code")).containsExactly("59621000");
        assertThatThrownBy(() -> doc.records("//entry[")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'//entry[' is not a valid XPath");
        assertThatThrownBy(() -> doc.records("//entry/@typeCode | count(//entry)"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOriginalDocumentIsOfferedByteForByte() throws Exception {
        Path file = write("doc.xml", GOOD);
        SourceRecord doc = (SourceRecord) read(file, Map.of()).get(0);
        assertThat(java.util.Base64.getDecoder().decode(doc.value("$sourceXmlBase64")))
                .isEqualTo(Files.readAllBytes(file));
        assertThat(doc.value("$sourceXmlSize")).isEqualTo(Long.toString(Files.size(file)));
        assertThat(doc.value("$sourceXmlSha1")).isEqualTo(java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file))));
    }

    @Test
    void aFileThatIsNotXmlIsQuarantined() throws Exception {
        assertThat(reason("MSH|^~\\&|LEGACY|HOSP\r")).isEqualTo(
                "the file is not well-formed XML at line 1, column 1; nothing in it was read");
        assertThat(reason(GOOD.replace("</ClinicalDocument>", ""))).startsWith("the file is not well-formed XML at line");
        assertThat(reason(GOOD.replace("<family>Testperson</family>", "<family>&nbsp;</family>")))
                .isEqualTo("the file uses an entity XML does not define at line 10, column 80; nothing in it was read");
    }

    @Test
    void aMalformedDocumentPrintsNothingOnTheConsoleItsReasonSaysWhere() throws Exception {
        // The JDK's SAX parser prints "[Fatal Error] :1:1: ..." and Saxon "Error on line ... SXXP0003" to stderr
        // when nobody handles their errors: noise between the run's lines, and their messages can quote the text.
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        java.io.PrintStream out = System.out;
        List<String> reasons = new ArrayList<>();
        try (java.io.PrintStream capture = new java.io.PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            reasons.add(reason("Zqxcanary MSH|^~\\&|LEGACY|HOSP\r"));
            reasons.add(reason(GOOD.replace("<family>Testperson</family>", "<family>Zqxcanary</famly>")));
            reasons.add(reason(GOOD.replace("<family>Testperson</family>", "<family>&Zqxcanary;</family>")));
            byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
            byte[] cut = java.util.Arrays.copyOf(good, good.length + 3);
            int at = GOOD.indexOf("Testperson");
            cut[at] = (byte) 0xF0; // a 4-byte UTF-8 sequence whose third byte is not a continuation byte
            cut[at + 1] = (byte) 0x9F;
            cut[at + 2] = (byte) 0x41;
            Files.write(dir.resolve("bytes.xml"), cut);
            List<SourceEntry> entries = read(dir.resolve("bytes.xml"), Map.of());
            reasons.add(((MalformedEntry) entries.get(0)).reason());
        } finally {
            System.setErr(err);
            System.setOut(out);
        }

        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(reasons).allSatisfy(r -> assertThat(r).doesNotContainIgnoringCase("zqxcanary")
                .doesNotContain("famly").matches("the file .*; nothing in it was read"));
    }

    @Test
    void xmlThatIsNotCdaIsQuarantined() throws Exception {
        assertThat(reason("<export><patient/></export>")).isEqualTo("not a CDA document: the root element is <export>"
                + " without a namespace; a C-CDA document is a <ClinicalDocument> in namespace urn:hl7-org:v3");
        assertThat(reason(GOOD.replace("xmlns=\"urn:hl7-org:v3\"", "xmlns=\"urn:example:v3\"")))
                .contains("<ClinicalDocument> in namespace urn:example:v3");
    }

    @Test
    void aDocumentWithoutRecordTargetIsQuarantined() throws Exception {
        assertThat(reason(GOOD.replaceAll("(?s)<recordTarget>.*</recordTarget>", ""))).isEqualTo(
                "no recordTarget/patientRole: the document names no patient, so nothing in it can be attached to one");
    }

    @Test
    void anUnknownDocumentTemplateIsQuarantinedUnlessAccepted() throws Exception {
        String other = GOOD.replace("2.16.840.1.113883.10.20.22.1.1\"", "1.2.3.4\"")
                .replace("2.16.840.1.113883.10.20.22.1.2\"", "1.2.3.5\"");
        assertThat(reason(other)).isEqualTo("unknown document template 1.2.3.4, 1.2.3.5: not a C-CDA R1.1/R2.1 or CCD"
                + " document template (C-CDA's are 2.16.840.1.113883.10.20.22.1.n; accept others with the option"
                + " acceptTemplates)");
        assertThat(reason(GOOD.replaceAll("<templateId [^>]*/>", ""))).startsWith("the ClinicalDocument has no templateId");
        assertThat(read(write("doc.xml", other), Map.of("acceptTemplates", List.of("1.2.3.5"))).get(0))
                .isInstanceOf(CcdaDocumentRecord.class);
    }

    @Test
    void anExternalEntityIsRefusedAndNothingOutsideTheFileIsRead() throws Exception {
        Path secret = write("secret.txt", "PHI-FROM-ANOTHER-FILE");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + GOOD.substring(GOOD.indexOf("<ClinicalDocument")).replace("<family>Testperson</family>", "<family>&x;</family>");
        String reason = reason(xxe);
        assertThat(reason).startsWith("the file declares a DOCTYPE, which is not accepted").doesNotContain("PHI");
    }

    @Test
    void aBillionLaughsDocumentIsRefusedAtOnce() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE ClinicalDocument [<!ENTITY l0 \"ha\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String bomb = "<?xml version=\"1.0\"?>" + dtd + GOOD.substring(GOOD.indexOf("<ClinicalDocument"))
                .replace("<family>Testperson</family>", "<family>&l9;</family>");
        long start = System.nanoTime();
        assertThat(reason(bomb)).startsWith("the file declares a DOCTYPE, which is not accepted");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds: nothing was expanded").isLessThan(5_000);
    }

    @Test
    void badFilesAreQuarantinedOneByOneAndTheRunGoesOn() throws Exception {
        write("1-good.xml", GOOD);
        write("2-not-xml.xml", "not xml at all");
        write("3-not-cda.xml", "<export/>");
        write("4-good.xml", GOOD.replace("DOC-1", "DOC-2"));
        write("5-notes.txt", "not read: pattern *.xml");
        List<SourceEntry> entries = read(dir, Map.of());
        assertThat(entries).extracting(e -> Path.of(e.location().file()).getFileName().toString() + " "
                + (e instanceof SourceRecord ? "record" : "quarantined"))
                .containsExactly("1-good.xml record", "2-not-xml.xml quarantined", "3-not-cda.xml quarantined",
                        "4-good.xml record");
    }

    @Test
    void aFileOverTheSizeLimitIsQuarantinedWithoutBeingRead() throws Exception {
        write("big.xml", GOOD.replace("<title>", "") + " ".repeat(1_100_000));
        List<SourceEntry> entries = read(dir.resolve("big.xml"), Map.of("maxMegabytes", "1"));
        assertThat(((MalformedEntry) entries.get(0)).reason())
                .isEqualTo("the file is larger than 1 MiB (option maxMegabytes); it was not read");
    }

    @Test
    void optionsAreCheckedBeforeAnythingIsRead() throws Exception {
        Path file = write("doc.xml", GOOD);
        assertThatThrownBy(() -> read(file, Map.of("recordPath", "/x"))).isInstanceOf(SourceUnavailableException.class)
                .hasMessage("C-CDA source 'charts': unknown option 'recordPath' (known options: pattern, maxMegabytes,"
                        + " acceptTemplates)");
        assertThatThrownBy(() -> read(file, Map.of("acceptTemplates", "not-an-oid")))
                .hasMessageContaining("option 'acceptTemplates' must list template ids");
        assertThatThrownBy(() -> read(file, Map.of("maxMegabytes", "0"))).hasMessageContaining("maxMegabytes");
        assertThatThrownBy(() -> read(dir.resolve("missing.xml"), Map.of())).isInstanceOf(SourceUnavailableException.class);
    }
}
