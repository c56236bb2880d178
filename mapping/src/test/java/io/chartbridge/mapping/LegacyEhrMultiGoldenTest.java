package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import io.chartbridge.fixtures.csv.LegacyEhrMultiExportGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generic legacy EHR multi-file export: each file mapped on its own by its mapping, compared with its golden
 * output (nothing ignored: ids are deterministic and no timestamp is generated). The files are then checked
 * together: every reference a file makes resolves to a resource another file produced, without any join.
 */
class LegacyEhrMultiGoldenTest {

    static final Path FIXTURE = LegacyEmrPatientGoldenTest.ROOT.resolve("test-fixtures/csv/legacy-ehr-multi");
    private static final Path MAPPINGS = LegacyEmrPatientGoldenTest.ROOT.resolve("mappings/csv");

    /** Input file (without .csv) and the mapping name suffix that maps it. */
    static Stream<String[]> files() {
        return Stream.of(
                new String[] {"patients", "patients"},
                new String[] {"encounters", "encounters"},
                new String[] {"problems", "problems"},
                new String[] {"medications", "medications"},
                new String[] {"allergies", "allergies"},
                new String[] {"immunizations", "immunizations"},
                new String[] {"lab-results", "results"});
    }

    private static GoldenCase run(String file, String mapping) throws IOException {
        return GoldenCase.run(MAPPINGS.resolve("legacy-ehr-multi-" + mapping + ".yaml"),
                CsvFixtureReader.read(FIXTURE.resolve(file + ".csv"), "legacy-ehr-" + file),
                FIXTURE.resolve("expected"), file);
    }

    @ParameterizedTest(name = "{0}.csv")
    @MethodSource("files")
    void everyFileOfTheExportMapsToItsGoldenOutput(String file, String mapping) throws IOException {
        run(file, mapping).assertMatches(FIXTURE.resolve("expected"), file, Set.of());
    }

    @Test
    void referencesBetweenFilesResolveWithoutJoiningThem() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> produced = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        for (String[] f : files().toList()) {
            for (String line : run(f[0], f[1]).resources()) {
                JsonNode resource = json.readTree(line);
                produced.add(resource.get("resourceType").asText() + "/" + resource.get("id").asText());
                resource.findValues("reference").forEach(r -> referenced.add(r.asText()));
            }
        }
        assertThat(referenced).isNotEmpty();
        // E103 was quarantined (unknown visit type), so nothing may refer to it; every other reference resolves.
        assertThat(referenced).allSatisfy(ref -> assertThat(produced).contains(ref));
        assertThat(List.copyOf(referenced)).anyMatch(r -> r.startsWith("Encounter/"));
    }

    @Test
    void aGeneratedExportMapsWithoutQuarantineAndEveryReferenceResolves(@TempDir Path dir) throws IOException {
        // The benchmark's generator (scripts/bench/map-export.sh), small: what it writes must be what the mappings read.
        new LegacyEhrMultiExportGenerator(60, 1200, 42, 0).write(dir);
        ObjectMapper json = new ObjectMapper();
        Set<String> produced = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        Set<String> types = new HashSet<>();
        for (String[] f : files().toList()) {
            GoldenCase mapped = GoldenCase.run(MAPPINGS.resolve("legacy-ehr-multi-" + f[1] + ".yaml"),
                    CsvFixtureReader.read(dir.resolve(f[0] + ".csv"), "legacy-ehr-" + f[0]), dir.resolve("out"), f[0]);
            assertThat(mapped.issues()).as("issues of generated %s.csv", f[0])
                    .noneMatch(issue -> issue.get(1).equals("quarantine"));
            for (String line : mapped.resources()) {
                JsonNode resource = json.readTree(line);
                types.add(resource.get("resourceType").asText());
                produced.add(resource.get("resourceType").asText() + "/" + resource.get("id").asText());
                resource.findValues("reference").forEach(r -> referenced.add(r.asText()));
            }
        }
        assertThat(types).containsExactlyInAnyOrder("Patient", "Encounter", "Condition", "MedicationStatement",
                "AllergyIntolerance", "Immunization", "Observation");
        assertThat(referenced).anyMatch(r -> r.startsWith("Encounter/")).anyMatch(r -> r.startsWith("Patient/"));
        assertThat(referenced).allSatisfy(ref -> assertThat(produced).contains(ref));
    }
}
