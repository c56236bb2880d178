package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.connector.hl7v2.Hl7v2Connector;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The identifier a target's conditional create searches by comes from a partial whose system is a parameter: the
 * shipped HL7 v2 ADT mapping's Patient (an A01 registration). With the parameter left as written, the sandbox refused
 * every such Patient: {@code HAPI-0539: Invalid conditional URL "identifier=\${mrnSystem}|MRN10001"}.
 */
class PartialIdentifierSystemTest {

    @Test
    void aPartialsParameterInTheIdentifierSystemIsReplacedByItsValue() throws Exception {
        DeclarativeMapping adt = MappingLoader.load(
                LegacyEmrPatientGoldenTest.ROOT.resolve("mappings/hl7v2/hl7v2-adt.yaml"), TestIdSecret.IDS);
        Path message = LegacyEmrPatientGoldenTest.ROOT.resolve("test-fixtures/hl7v2/adt-a01-cr.hl7");
        try (SourceConnector.SourceReader reader = adt.reading(new Hl7v2Connector().open(
                new SourceSpec("adt", Hl7v2Connector.KIND, message, null, Map.of())))) {
            MappedResource patient = adt.map((SourceRecord) reader.next()).resources().stream()
                    .filter(r -> r.type().equals("Patient")).findFirst().orElseThrow();

            assertThat(patient.identifier()).isEqualTo("urn:oid:2.16.840.1.113883.3.9999.3|MRN10001");
        }
    }
}
