package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the C-CDA mapping produces from the golden documents passes the validation a run applies (HAPI's strict
 * parser and the R4 instance validator on every resource, not one per shape): otherwise a run would quarantine
 * documents that `map` shows as fine.
 */
class CcdaResourcesValidateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyResourceOfTheCcdaGoldenOutputIsValidFhirR4() throws Exception {
        ResourceValidation validation = new ResourceValidation(FhirContext.forR4(), true, false, false);
        Path expected = TestProjects.repo().resolve("test-fixtures/ccda/hl7-ccda/expected");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(expected)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    ObjectNode json = (ObjectNode) JSON.readTree(line);
                    MappedResource resource = new MappedResource(json.path("resourceType").asText(),
                            json.path("id").asText(), json, null, "hash");
                    String problem = validation.problems(resource);
                    checked++;
                    if (problem != null) {
                        problems.add(file.getFileName() + ": " + problem);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(problems).isEmpty();
    }
}
