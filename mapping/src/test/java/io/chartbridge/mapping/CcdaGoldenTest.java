package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.connector.ccda.CcdaDocumentConnector;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases of the C-CDA mapping: each public HL7 example document under test-fixtures/ccda/hl7-ccda/ (CC0, see
 * its README) and the synthetic R1.1 CCD is read by the real C-CDA source and mapped, then compared with
 * {@code expected/<document>.ndjson} as parsed JSON. Nothing is ignored: ids are deterministic, the mapping writes
 * no run-dependent value, and the DocumentReference's attachment is the input itself (checked byte for byte below).
 */
class CcdaGoldenTest {

    static final Path DIR = LegacyEmrPatientGoldenTest.ROOT.resolve("test-fixtures/ccda/hl7-ccda");
    private static final Path MAPPING = LegacyEmrPatientGoldenTest.ROOT.resolve("mappings/ccda/hl7-ccda-document.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> documents() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    static List<SourceEntry> read(Path file) throws Exception {
        List<SourceEntry> entries = new ArrayList<>();
        try (SourceConnector.SourceReader reader = new CcdaDocumentConnector().open(
                new SourceSpec("hl7-ccda", CcdaDocumentConnector.KIND, file, MAPPING, Map.of()))) {
            reader.forEachRemaining(entries::add);
        }
        return entries;
    }

    @ParameterizedTest
    @MethodSource("documents")
    void documentBecomesTheExpectedResources(String document) throws Exception {
        Path input = DIR.resolve(document + ".xml");
        GoldenCase result = GoldenCase.run(MAPPING, read(input), DIR.resolve("expected"), document);
        result.assertMatches(DIR.resolve("expected"), document, Set.of());

        List<JsonNode> resources = new ArrayList<>();
        for (String line : result.resources()) {
            resources.add(JSON.readTree(line));
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode r : resources) {
            assertThat(ids.add(r.path("resourceType").asText() + "/" + r.path("id").asText()))
                    .as("%s: %s/%s is produced once", document, r.path("resourceType").asText(), r.path("id").asText())
                    .isTrue();
        }
        JsonNode patient = resources.get(0);
        assertThat(patient.path("resourceType").asText()).isEqualTo("Patient");
        for (JsonNode r : resources.subList(1, resources.size())) {
            String reference = r.has("patient") ? r.at("/patient/reference").asText() : r.at("/subject/reference").asText();
            assertThat(reference).as("%s: every resource refers to the document's patient", document)
                    .isEqualTo("Patient/" + patient.path("id").asText());
        }
        JsonNode documentReference = resources.stream()
                .filter(r -> r.path("resourceType").asText().equals("DocumentReference")).findFirst().orElseThrow();
        byte[] attached = Base64.getDecoder().decode(documentReference.at("/content/0/attachment/data").asText());
        assertThat(attached).as("the DocumentReference holds the original document").isEqualTo(Files.readAllBytes(input));
        for (JsonNode r : resources) {
            JsonNode copy = r.deepCopy();
            // Encounter.class is required by FHIR and C-CDA has none unless the code is a v3 ActCode: UNK says so.
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("class");
            assertThat(copy.toString()).as("%s: a nullFlavor never becomes a value", document)
                    .doesNotContain("\"UNK\"", "\"NI\"", "\"ASKU\"", "\"NA\"");
        }
    }
}
