package io.chartbridge.mapping;

import io.chartbridge.connector.fixedwidth.FixedWidthConnector;
import io.chartbridge.connector.hl7v2.Hl7v2Connector;
import io.chartbridge.connector.jsonxml.JsonDocumentConnector;
import io.chartbridge.connector.jsonxml.XmlDocumentConnector;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden cases of the shipped mappings whose input needs a real connector (HL7 v2, fixed-width, JSON, XML): the sample files
 * are read exactly as a run reads them, then compared with the expected NDJSON as parsed JSON. Nothing is ignored:
 * ids are deterministic and the mappings write no run-dependent value.
 */
class ConnectorGoldenTest {

    private static final Path ROOT = LegacyEmrPatientGoldenTest.ROOT;
    private static final Path HL7 = ROOT.resolve("test-fixtures/hl7v2");
    private static final Path FIXED = ROOT.resolve("test-fixtures/fixed-width/legacy-billing");

    private static List<SourceEntry> read(SourceConnector connector, String kind, Path file, Map<String, Object> options)
            throws Exception {
        List<SourceEntry> entries = new ArrayList<>();
        try (SourceConnector.SourceReader reader = connector.open(new SourceSpec(file.getFileName().toString(), kind,
                file, null, options))) {
            reader.forEachRemaining(entries::add);
        }
        return entries;
    }

    private static void hl7Case(String mapping, String... inputs) throws Exception {
        List<SourceEntry> entries = new ArrayList<>();
        for (String input : inputs) {
            entries.addAll(read(new Hl7v2Connector(), Hl7v2Connector.KIND, HL7.resolve(input), Map.of()));
        }
        GoldenCase.run(ROOT.resolve("mappings/hl7v2/" + mapping + ".yaml"), entries, HL7.resolve("expected"), mapping)
                .assertMatches(HL7.resolve("expected"), mapping, Set.of());
    }

    @Test
    void adtMessagesBecomeTheExpectedPatientsEncountersAndMergeLinks() throws Exception {
        hl7Case("hl7v2-adt", "adt-a01-cr.hl7", "batch-adt.hl7", "adt-several-msh-bom.hl7", "adt-visit-merge.hl7");
    }

    @Test
    void oruMessagesBecomeReportsAndOneObservationPerObxWithEveryValueType() throws Exception {
        hl7Case("hl7v2-oru", "oru-r01-crlf.hl7", "hostile-values.hl7", "oru-value-types.hl7");
    }

    @Test
    void vxuMessagesBecomeOneImmunizationPerRxa() throws Exception {
        hl7Case("hl7v2-vxu", "vxu-v04-lf.hl7", "vxu-doses-refusal.hl7");
    }

    @Test
    void siuMessagesUpdateOneAppointment() throws Exception {
        hl7Case("hl7v2-siu", "siu-s12-s15.hl7");
    }

    @Test
    void mdmMessagesBecomeDocumentReferencesWithTheirContent() throws Exception {
        hl7Case("hl7v2-mdm", "mdm-t02.hl7");
    }

    @Test
    void aFeedOfEveryMessageTypeIsMappedByOneMapping() throws Exception {
        hl7Case("hl7v2-feed", "adt-a01-cr.hl7", "adt-visit-merge.hl7", "oru-value-types.hl7", "vxu-doses-refusal.hl7",
                "siu-s12-s15.hl7", "mdm-t02.hl7");
    }

    @Test
    void publicMessagesOfOtherSendersBecomeWhatTheV2ToFhirMapsSay() throws Exception {
        Path dir = HL7.resolve("public");
        List<SourceEntry> entries = new ArrayList<>();
        for (String input : List.of("001_ADT_A01.hl7", "004_Oracle_ORU_R01.hl7", "007_CA_ORU_R01_PLT.hl7")) {
            entries.addAll(read(new Hl7v2Connector(), Hl7v2Connector.KIND, dir.resolve(input), Map.of()));
        }
        GoldenCase.run(ROOT.resolve("mappings/hl7v2/hl7v2-feed.yaml"), entries, dir.resolve("expected"), "hl7v2-feed")
                .assertMatches(dir.resolve("expected"), "hl7v2-feed", Set.of());
    }

    @Test
    void jsonAndXmlExportsAreReadWithTheRecordPathDeclaredInTheMapping() throws Exception {
        Path dir = ROOT.resolve("test-fixtures/json-xml");
        String[][] cases = {{"legacy-portal-json-patients", "patients.json", JsonDocumentConnector.KIND},
                            {"legacy-practice-xml-patients", "patients.xml", XmlDocumentConnector.KIND}};
        for (String[] c : cases) {
            Path mapping = ROOT.resolve("mappings/json-xml/" + c[0] + ".yaml");
            SourceConnector connector = c[2].equals("json") ? new JsonDocumentConnector() : new XmlDocumentConnector();
            List<SourceEntry> entries = read(connector, c[2], dir.resolve(c[1]),
                    MappingLoader.load(mapping, TestIdSecret.IDS).sourceOptions());
            GoldenCase.run(mapping, entries, dir.resolve("expected"), c[0])
                    .assertMatches(dir.resolve("expected"), c[0], Set.of());
        }
    }

    @Test
    void fixedWidthDumpIsReadWithTheLayoutDeclaredInTheMapping() throws Exception {
        Path mapping = ROOT.resolve("mappings/fixed-width/legacy-billing-patients.yaml");
        List<SourceEntry> entries = read(new FixedWidthConnector(), "fixed-width", FIXED.resolve("patients.txt"),
                MappingLoader.load(mapping, TestIdSecret.IDS).sourceOptions());
        GoldenCase.run(mapping, entries, FIXED.resolve("expected"), "patients")
                .assertMatches(FIXED.resolve("expected"), "patients", Set.of());
    }
}
