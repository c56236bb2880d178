package io.chartbridge.mapping.codetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConceptMapReaderTest {

    @TempDir
    Path dir;

    @Test
    void theShippedIcd9ToIcd10MapTranslatesCommonCodesAndNamesItsSourceSystem() throws Exception {
        CodeTable t = CodeTableReader.read("icd", Path.of("../mappings/code-tables/icd9cm-to-icd10cm.json"));
        assertThat(t.size()).isGreaterThanOrEqualTo(24);
        assertThat(t.sourceSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-9-cm");
        assertThat(t.lookup("401.9")).isEqualTo(new CodeTable.Target("http://hl7.org/fhir/sid/icd-10-cm", "I10",
                "Essential (primary) hypertension"));
        assertThat(t.lookup("999.99")).isNull();
    }

    @Test
    void unmatchedTargetsAreNoTranslationAndAJsonThatIsNoConceptMapIsRefused() throws Exception {
        Path map = dir.resolve("m.json");
        Files.writeString(map, """
                {"resourceType": "ConceptMap", "group": [{"source": "urn:a", "target": "urn:b", "element": [
                  {"code": "X", "target": [{"equivalence": "unmatched"}]},
                  {"code": "Y", "target": [{"code": "y1", "equivalence": "disjoint"}, {"code": "y2", "equivalence": "wider"}]}]}]}
                """);
        CodeTable t = CodeTableReader.read("m", map);
        assertThat(t.lookup("x")).isNull();
        assertThat(t.lookup("y").code()).isEqualTo("y2");
        Path notAMap = dir.resolve("p.json");
        Files.writeString(notAMap, "{\"resourceType\": \"Patient\"}");
        assertThatThrownBy(() -> CodeTableReader.read("p", notAMap))
                .hasMessage(notAMap + ": a .json code table must be a FHIR ConceptMap (resourceType: ConceptMap)");
    }

    @Test
    void everyShippedStarterTableLoads() throws Exception {
        for (String name : new String[] {"marital-status.csv", "omb-race.csv", "omb-ethnicity.csv",
                "encounter-class.csv", "hl7-result-status.csv"}) {
            assertThat(CodeTableReader.read(name, Path.of("../mappings/code-tables/" + name)).size())
                    .as(name).isGreaterThan(3);
        }
    }
}
