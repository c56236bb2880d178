package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.connector.hl7v2.Hl7v2Connector;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, bad input: a 10 MB OBX (a scanned discharge summary embedded as ED) goes through the connector and the
 * shipped MDM mapping whole, byte for byte, and the message after it is mapped too.
 */
class Hl7v2LargeDocumentTest {

    @TempDir
    Path tmp;

    @Test
    void aTenMegabyteEmbeddedDocumentBecomesOneDocumentReferenceWithEveryByte() throws Exception {
        Path file = tmp.resolve("big-mdm.hl7");
        String chunk = "JVBERi0xLjQKc3ludGhldGljIHN0YW5kLWluIGRvY3VtZW50Cg==".replace("=", "A");
        int chunks = 10 * 1024 * 1024 / chunk.length() + 1;
        String header = "MSH|^~\\&|DOCS|CLINIC|CB|CB|20240409160000-0500||MDM^T02^MDM_T02|%s|P|2.5.1\r"
                + "EVN|T02|20240409160000-0500\rPID|1||%s^^^CLINIC^MR||Placeholder^Sky||19650909|F\rPV1|1|I\r"
                + "TXA|1|DS^Discharge summary|AP|20240409150000-0500||||||||%s|||||LA||AV\r";
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(String.format(header, "M1", "MRN1", "DOC1"));
            w.write("OBX|1|ED|18842-5^Discharge summary^LN||^Application^PDF^Base64^");
            for (int i = 0; i < chunks; i++) {
                w.write(chunk);
            }
            w.write("||||||F\r");
            w.write(String.format(header, "M2", "MRN2", "DOC2"));
            w.write("OBX|1|TX|11506-3^Progress note^LN||Seen.||||||F\r");
        }
        DeclarativeMapping mdm = MappingLoader.load(
                LegacyEmrPatientGoldenTest.ROOT.resolve("mappings/hl7v2/hl7v2-mdm.yaml"), TestIdSecret.IDS);

        List<JsonNode> documents = new ArrayList<>();
        try (SourceConnector.SourceReader reader = mdm.reading(new Hl7v2Connector().open(
                new SourceSpec("docs", Hl7v2Connector.KIND, file, null, Map.of())))) {
            while (reader.hasNext()) {
                SourceEntry entry = reader.next();
                MappedRecord mapped = mdm.map((SourceRecord) entry);
                for (MappedResource resource : mapped.resources()) {
                    if (resource.type().equals("DocumentReference")) {
                        documents.add(resource.json());
                    }
                }
            }
        }

        assertThat(documents).hasSize(2);
        JsonNode big = documents.get(0).at("/content/0/attachment");
        assertThat(big.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(big.path("data").asText()).hasSize(chunks * chunk.length()).startsWith("JVBERi0xLjQK");
        assertThat(documents.get(1).at("/masterIdentifier/value").asText()).isEqualTo("DOC2");
    }
}
