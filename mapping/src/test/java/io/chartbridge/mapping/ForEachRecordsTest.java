package io.chartbridge.mapping;

import static io.chartbridge.mapping.TestMappings.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code forEach: {records: selector}}: one resource per child record a source offers (C-CDA entries). */
class ForEachRecordsTest {

    private static final String TOP = """
            mapping: test-nested
            version: 1
            sourceSystem: urn:chartbridge:source:test
            resources:
            """;

    @TempDir
    Path dir;

    private DeclarativeMapping load(String resourcesYaml) {
        return MappingLoader.load(TestMappings.write(dir, TOP + resourcesYaml.stripIndent()), TestIdSecret.IDS);
    }

    @Test
    void eachChildRecordGivesOneResourceWithItsOwnPathsAndKey() throws Exception {
        DeclarativeMapping mapping = load("""
                - resource: Patient
                  key: "{MRN}"
                  fields:
                    - {path: "name[0].family", from: FAMILY}
                - resource: Condition
                  key: "{ID}"
                  forEach: {records: entry}
                  fields:
                    - {path: code.text, from: TEXT}
                    - {path: subject.reference, ref: {resource: Patient, key: "{MRN}"}}
                """);
        NestedTestRecord document = new NestedTestRecord(Map.of("MRN", "55", "FAMILY", "Doe"), List.of(
                Map.of("ID", "p1", "TEXT", "Asthma", "MRN", "55"), Map.of("ID", "p2", "TEXT", "Gout", "MRN", "55")));
        MappedRecord mapped = mapping.map(document);
        assertThat(mapped.resources()).extracting(r -> r.type() + " " + r.json().path("code").path("text").asText(""))
                .containsExactly("Patient ", "Condition Asthma", "Condition Gout");
        assertThat(mapped.resources().get(2).id())
                .isEqualTo(TestIdSecret.IDS.idFor("urn:chartbridge:source:test", "Condition", "p2"));
        assertThat(mapped.resources().get(1).json().at("/subject/reference").asText())
                .isEqualTo("Patient/" + mapped.resources().get(0).id());
        assertThat(mapping.sourcePaths()).contains("entry", "ID", "TEXT");
    }

    @Test
    void aDocumentWithoutEntriesGivesNoneAndOtherRecordsAreQuarantined() throws Exception {
        DeclarativeMapping mapping = load("""
                - resource: Condition
                  key: "{ID}"
                  forEach: {records: entry}
                  fields:
                    - {path: code.text, from: TEXT}
                """);
        assertThat(mapping.map(new NestedTestRecord(Map.of("MRN", "55"), List.of())).resources()).isEmpty();
        assertThatThrownBy(() -> mapping.map(record("ID", "1")))
                .isInstanceOf(MappingException.class)
                .hasMessage("Condition: forEach records: this source's records have no child records (C-CDA documents do)");
    }

    @Test
    void aSelectorTheSourceRefusesQuarantinesWithItsReason() {
        DeclarativeMapping mapping = load("""
                - resource: Condition
                  key: "{ID}"
                  forEach: {records: "entry["}
                  fields:
                    - {path: code.text, from: TEXT}
                """);
        assertThatThrownBy(() -> mapping.map(new NestedTestRecord(Map.of(), List.of(Map.of("ID", "1")))))
                .isInstanceOf(MappingException.class)
                .hasMessage("Condition: forEach records: 'entry[' is not a valid selector");
    }

    @Test
    void forEachTakesExactlyOneKindOfRepetition() {
        Path file = TestMappings.write(dir, TOP + """
                - resource: Condition
                  key: "{ID}"
                  forEach: {records: entry, segments: OBX}
                  fields:
                    - {path: code.text, from: TEXT}
                """.stripIndent());
        assertThat(MappingLoader.check(file)).containsExactly(file + ":7: 'forEach' needs exactly one of 'children'"
                + " (what the record offers: OBX, PID-3, rows), 'segments' (e.g. OBX), 'records' (a selector the source"
                + " understands, e.g. an XPath) or 'split' ({field, separator})");
    }
}
