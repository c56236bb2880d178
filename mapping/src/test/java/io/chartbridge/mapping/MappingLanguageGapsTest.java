package io.chartbridge.mapping;

import io.chartbridge.fixtures.ids.TestIdSecret;
import static io.chartbridge.mapping.ListSourceReader.csv;
import static io.chartbridge.mapping.ListSourceReader.readAll;
import static io.chartbridge.mapping.TestMappings.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eight gaps of the mapping language found by mapping a Synthea CSV export from the docs alone (issue 18):
 * grouping rows, if/else and richer conditions, absent columns, duplicate keys and {#}, (date patterns and complete
 * checks are in DateTransformTest and MappingLoaderTest), code displays, partial parameters, replace.
 */
class MappingLanguageGapsTest {

    @TempDir
    Path dir;

    private DeclarativeMapping load(String yaml) {
        return MappingLoader.load(TestMappings.write(dir, yaml.stripIndent()), TestIdSecret.IDS);
    }

    private static final String OBSERVATIONS = """
            mapping: observations
            version: 1
            sourceSystem: urn:chartbridge:source:synthea
            groupRows:
              window: 3
              groups:
                - name: blood-pressure
                  by: "{PATIENT}|{DATE}"
                  when: {matches: {field: CODE, regex: "8480-6|8462-4"}}
            resources:
              - resource: Observation
                key: "{PATIENT}-{DATE}-{CODE}"
                when: {not: {group: blood-pressure}}
                fields:
                  - {path: \"code.coding[0].code\", from: CODE}
                  - {path: valueQuantity.value, from: VALUE, type: decimal}
              - resource: Observation
                description: systolic and diastolic rows make one panel
                key: "{PATIENT}-{DATE}-85354-9"
                when: {group: blood-pressure}
                fields:
                  - {path: \"code.coding[0].code\", const: 85354-9}
                  - {path: subject.reference, ref: {resource: Patient, key: "{PATIENT}"}}
                  - path: component
                    forEach: {children: rows}
                    fields:
                      - {path: \"code.coding[0].code\", from: CODE}
                      - {path: valueQuantity.value, from: VALUE, type: decimal}
            """;

    private static List<MappedResource> mapAll(DeclarativeMapping mapping, List<SourceEntry> entries,
                                               List<String> quarantined) throws MappingException {
        List<MappedResource> out = new ArrayList<>();
        for (SourceEntry e : readAll(mapping, entries)) {
            if (e instanceof MalformedEntry bad) {
                quarantined.add(e.location() + ": " + bad.reason());
            } else {
                out.addAll(mapping.map((SourceRecord) e).resources());
            }
        }
        return out;
    }

    @Test
    void rowsOfOneGroupBecomeOneResourceWithAComponentPerRow() throws Exception {
        DeclarativeMapping mapping = load(OBSERVATIONS);
        List<String> quarantined = new ArrayList<>();
        List<MappedResource> resources = mapAll(mapping, csv("observations.csv", "PATIENT,DATE,CODE,VALUE",
                "p1,2024-01-02,8480-6,120", "p1,2024-01-02,29463-7,70.5", "p1,2024-01-02,8462-4,80",
                "p2,2024-01-03,8462-4,85", "p2,2024-01-03,8480-6,130"), quarantined);

        assertThat(quarantined).isEmpty();
        assertThat(resources).extracting(r -> r.json().at("/code/coding/0/code").asText())
                .containsExactly("29463-7", "85354-9", "85354-9");
        JsonNode bp = resources.get(1).json();
        assertThat(bp.at("/component/0/code/coding/0/code").asText()).isEqualTo("8480-6");
        assertThat(bp.at("/component/0/valueQuantity/value").decimalValue()).isEqualByComparingTo("120");
        assertThat(bp.at("/component/1/code/coding/0/code").asText()).isEqualTo("8462-4");
        assertThat(bp.at("/component/1/valueQuantity/value").decimalValue()).isEqualByComparingTo("80");
        assertThat(resources.get(2).json().at("/component/0/valueQuantity/value").decimalValue())
                .isEqualByComparingTo("85");
    }

    @Test
    void aRowArrivingAfterItsGroupWasMappedIsQuarantinedNotMappedAlone() throws Exception {
        DeclarativeMapping mapping = load(OBSERVATIONS);
        List<String> quarantined = new ArrayList<>();
        List<MappedResource> resources = mapAll(mapping, csv("observations.csv", "PATIENT,DATE,CODE,VALUE",
                "p1,2024-01-02,8480-6,120", "p1,2024-01-02,29463-7,70", "p1,2024-01-02,39156-5,24",
                "p1,2024-01-02,8302-2,170", "p1,2024-01-02,8462-4,80"), quarantined);

        // the window is 3 rows: the diastolic row came 4 rows after the systolic one
        assertThat(quarantined).singleElement().asString().startsWith("observations.csv:6: row of group blood-pressure"
                + " ({PATIENT}|{DATE}) came after its group was mapped without it (more than 3 rows after the group's"
                + " previous row");
        assertThat(resources).extracting(r -> r.json().at("/code/coding/0/code").asText())
                .containsExactly("29463-7", "39156-5", "8302-2", "85354-9");
    }

    @Test
    void noMoreRowsThanTheWindowAreHeldAGroupThatOutgrowsItIsMappedAndItsLaterRowsQuarantined() throws Exception {
        DeclarativeMapping mapping = load(OBSERVATIONS.replace("8480-6|8462-4", "8480-6|8462-4|X"));
        List<SourceEntry> read = readAll(mapping, csv("observations.csv", "PATIENT,DATE,CODE,VALUE",
                "p1,d1,8480-6,1", "p1,d1,8462-4,2", "p1,d1,X,3", "p1,d1,X,4", "p2,d1,8480-6,5"));
        // the window is 3 rows: the fourth row of the group would make four held, so the group is mapped with three
        assertThat(read).hasSize(3);
        assertThat(read.get(0).location().toString()).isEqualTo("observations.csv:2 (group blood-pressure of 3 rows: 2, 3, 4)");
        assertThat(((MalformedEntry) read.get(1)).reason()).startsWith("row of group blood-pressure");
        assertThat(read.get(2).location().toString()).isEqualTo("observations.csv:6 (group blood-pressure of 1 row: 6)");
    }

    @Test
    void aGroupIsOneSourceItemWhoseLocationListsItsRows() throws Exception {
        List<SourceEntry> read = readAll(load(OBSERVATIONS), csv("observations.csv", "PATIENT,DATE,CODE,VALUE",
                "p1,2024-01-02,8480-6,120", "p1,2024-01-02,8462-4,80"));
        assertThat(read).singleElement().extracting(e -> e.location().toString())
                .isEqualTo("observations.csv:2 (group blood-pressure of 2 rows: 2, 3)");
    }

    @Test
    void ifElseWritesOnePathFromExclusiveSourcesAndWhenHasNotAnyOfAllOf() throws Exception {
        DeclarativeMapping mapping = load("""
                mapping: meds
                version: 1
                sourceSystem: urn:test
                resources:
                  - resource: MedicationStatement
                    key: "{ID}"
                    when: {anyOf: [{equals: {field: KIND, value: MED}}, {equals: {field: KIND, value: RX}}]}
                    fields:
                      - path: status
                        if: {present: STOP}
                        const: completed
                        else:
                          if: {allOf: [{absent: STOP}, {equals: {field: ACTIVE, value: "N"}}]}
                          const: stopped
                          else: {const: active}
                      - path: note[0].text
                        from: NOTE
                        when: {not: {matches: {field: NOTE, regex: "(?i)n/?a"}}}
                """);
        assertThat(status(mapping, "ID", "1", "KIND", "MED", "STOP", "2024-01-01")).isEqualTo("completed");
        assertThat(status(mapping, "ID", "2", "KIND", "RX", "ACTIVE", "N")).isEqualTo("stopped");
        assertThat(status(mapping, "ID", "3", "KIND", "RX", "ACTIVE", "Y")).isEqualTo("active");
        assertThat(mapping.map(record("ID", "4", "KIND", "LAB")).resources()).isEmpty();
        assertThat(mapping.map(record("ID", "5", "KIND", "MED", "NOTE", "N/A")).resources().get(0).json().has("note"))
                .isFalse();
        assertThat(MappingLoader.check(TestMappings.write(dir, TestMappings.HEADER
                + "      - {path: gender, const: male, else: {const: female}}\n")))
                .singleElement().asString().endsWith(":10: field 'gender' has 'else' without 'if': say when the first"
                        + " value applies");
    }

    private static String status(DeclarativeMapping mapping, String... keyValues) throws MappingException {
        return mapping.map(record(keyValues)).resources().get(0).json().get("status").asText();
    }

    @Test
    void aColumnTheHeaderLacksStopsTheRunAtOnceWithTheMappingsLineUnlessOptional() {
        DeclarativeMapping mapping = TestMappings.withFields(dir, """
                - {path: \"name[0].family\", from: SURNAME}
                - {path: \"name[0].given[0]\", from: MIDDLE, optional: true}
                - {path: gender, from: SEX}
                """);
        Path file = dir.resolve("test.yaml");
        assertThatThrownBy(() -> readAll(mapping, csv("patients.csv", "MRN,LAST,SEX", "1,Doe,M")))
                .isInstanceOf(FatalSetupException.class)
                .hasMessage("patients.csv: column SURNAME (" + file + ":10) is read by the mapping but not in the file's"
                        + " header (mark the field optional: true if some exports leave the column out)");
        assertThat(readAll(mapping, csv("patients.csv", "MRN,SURNAME,SEX", "1,Doe,M"))).hasSize(1);
        assertThat(mapping.missingColumns((SourceRecord) csv("x.csv", "MRN", "1").get(0))).extracting(Object::toString)
                .containsExactly("SURNAME (" + file + ":10)", "SEX (" + file + ":12)");
        // a later file of a folder that lacks a column: its records are quarantined, the run goes on
        List<SourceEntry> both = new ArrayList<>(csv("a.csv", "MRN,SURNAME,SEX", "1,Doe,M"));
        both.addAll(csv("b.csv", "MRN,SEX", "2,F"));
        List<SourceEntry> read = readAll(mapping, both);
        assertThat(read.get(0)).isInstanceOf(SourceRecord.class);
        assertThat(((MalformedEntry) read.get(1)).reason()).startsWith("the file's header lacks what the mapping reads:"
                + " column SURNAME");
    }

    @Test
    void aSecondRecordWithTheSameKeyIsQuarantinedNamingTheFirstUnlessTheResourceUpdates() {
        DeclarativeMapping mapping = load("""
                mapping: immunizations
                version: 1
                sourceSystem: urn:test
                resources:
                  - resource: Immunization
                    key: "{PATIENT}-{DATE}-{CODE}"
                    fields:
                      - {path: \"vaccineCode.coding[0].code\", from: CODE}
                """);
        List<SourceEntry> read = readAll(mapping, csv("immunizations.csv", "PATIENT,DATE,CODE",
                "p1,2024-01-02,140", "p1,2024-01-02,140", "p1,2024-01-02,113"));
        assertThat(read).hasSize(3);
        assertThat(read.get(1)).isInstanceOf(MalformedEntry.class);
        assertThat(((MalformedEntry) read.get(1)).reason()).isEqualTo("Immunization key {PATIENT}-{DATE}-{CODE}: same"
                + " key as immunizations.csv:2, whose Immunization this record would replace; add to the key what tells"
                + " the two apart (or set duplicateKey: update if a later record is meant to update it)");
        assertThat(read.get(2)).isInstanceOf(SourceRecord.class);

        DeclarativeMapping updates = load("""
                mapping: patients
                version: 1
                sourceSystem: urn:test
                resources:
                  - resource: Patient
                    key: "{MRN}"
                    duplicateKey: update
                    fields:
                      - {path: gender, from: SEX}
                """);
        assertThat(readAll(updates, csv("adt.csv", "MRN,SEX", "1,M", "1,F"))).allMatch(SourceRecord.class::isInstance);
    }

    @Test
    void hashOutsideForEachIsRefusedBecauseEveryRecordWouldGetTheSameKey() {
        Path file = TestMappings.write(dir, TestMappings.HEADER.replace("key: \"{MRN}\"", "key: \"{MRN}-{#}\"")
                + "      - {path: gender, from: SEX}\n");
        assertThat(MappingLoader.check(file)).singleElement().asString().isEqualTo(file + ":7: template '{MRN}-{#}' uses"
                + " {#}, the number of a repetition, outside any forEach: every record would get the same value (use a"
                + " column that tells records apart)");
    }

    @Test
    void codeWritesTheTablesDisplayOrSystemAndOmitLeavesAnUnknownCodeOut() throws Exception {
        DeclarativeMapping mapping = TestMappings.withFields(dir, """
                - path: maritalStatus.coding[0].system
                  from: SEX
                  transform: [{code: {table: gender, output: system, onUnmapped: omit}}]
                - path: maritalStatus.coding[0].code
                  from: SEX
                  transform: [{code: {table: gender, onUnmapped: omit}}]
                - path: maritalStatus.coding[0].display
                  from: SEX
                  transform: [{code: {table: gender, output: display, onUnmapped: omit}}]
                - {path: maritalStatus.text, from: SEX}
                """);
        JsonNode male = mapping.map(record("MRN", "1", "SEX", "M")).resources().get(0).json();
        assertThat(male.at("/maritalStatus/coding/0").toString()).isEqualTo(
                "{\"system\":\"http://hl7.org/fhir/administrative-gender\",\"code\":\"male\",\"display\":\"Male\"}");
        JsonNode other = mapping.map(record("MRN", "2", "SEX", "X")).resources().get(0).json();
        assertThat(other.at("/maritalStatus").toString()).isEqualTo("{\"text\":\"X\"}");
    }

    @Test
    void partialsTakeParametersThatStandInTheirValues() throws Exception {
        Files.writeString(dir.resolve("_subject.yaml"), """
                description: subject.reference to the patient in a column the including mapping names
                parameters:
                  column: {description: the column holding the patient id}
                  system: {default: "urn:test:mrn"}
                fields:
                  - path: subject.reference
                    ref: {resource: Patient, key: "{${column}}"}
                    required: true
                  - {path: subject.identifier.system, const: "${system}"}
                  - {path: subject.identifier.value, from: "${column}"}
                """);
        DeclarativeMapping mapping = load("""
                mapping: encounters
                version: 1
                sourceSystem: urn:test
                resources:
                  - resource: Encounter
                    key: "{VISIT}"
                    fields:
                      - {path: status, const: finished}
                      - include: _subject.yaml
                        with: {column: PAT_NO}
                """);
        JsonNode encounter = mapping.map(record("VISIT", "V1", "PAT_NO", "77")).resources().get(0).json();
        assertThat(encounter.at("/subject/identifier/value").asText()).isEqualTo("77");
        assertThat(encounter.at("/subject/identifier/system").asText()).isEqualTo("urn:test:mrn");
        assertThat(encounter.at("/subject/reference").asText()).startsWith("Patient/");
        assertThat(mapping.sourcePaths()).containsExactly("VISIT", "PAT_NO");

        Path missing = TestMappings.write(dir, """
                mapping: encounters
                version: 1
                sourceSystem: urn:test
                resources:
                  - resource: Encounter
                    key: "{VISIT}"
                    fields:
                      - include: _subject.yaml
                        with: {colum: PAT_NO}
                """);
        assertThat(MappingLoader.check(missing)).containsExactly(
                missing + ":8: include '_subject.yaml' has no parameter 'colum' (parameters: column, system)",
                missing + ":8: include '_subject.yaml' needs 'with: {column: ...}' (the column holding the patient id)");
    }

    @Test
    void replaceSwapsLiteralTextOrRegexMatches() throws Exception {
        DeclarativeMapping mapping = TestMappings.withFields(dir, """
                - {path: \"name[0].family\", from: LAST, transform: [{replace: {text: "N/A", with: ""}}]}
                - {path: \"name[0].given[0]\", from: FIRST, transform: [{replace: {regex: "\\\\s*-\\\\s*", with: "-"}}]}
                - {path: \"telecom[0].value\", from: PHONE, transform: [{replace: {regex: "^(\\\\d{3})(\\\\d{4})$", with: "$1-$2"}}]}
                """);
        JsonNode p = mapping.map(record("MRN", "1", "LAST", "N/A", "FIRST", "Anne - Marie", "PHONE", "5550101"))
                .resources().get(0).json();
        assertThat(p.at("/name/0").toString()).isEqualTo("{\"given\":[\"Anne-Marie\"]}");
        assertThat(p.at("/telecom/0/value").asText()).isEqualTo("555-0101");
        assertThat(MappingLoader.check(TestMappings.write(dir, TestMappings.HEADER
                + "      - {path: gender, from: SEX, transform: [{replace: {regex: \"(a)\", with: \"$2\"}}]}\n")))
                .singleElement().asString().endsWith("'replace' with refers to group $2, but the regex has 1 group(s)");
    }

    @Test
    void aListFieldRepeatsOverChildRecordsWithItsOwnFieldsAndFilter() throws Exception {
        DeclarativeMapping mapping = load("""
                mapping: results
                version: 1
                sourceSystem: urn:test
                resources:
                  - resource: DiagnosticReport
                    key: "{OBR-3}"
                    fields:
                      - {path: code.text, from: OBR-4-2}
                      - path: result
                        forEach: {children: OBX, when: {present: OBX-5}}
                        fields:
                          - path: reference
                            ref: {resource: Observation, key: "{OBR-3}-{#}"}
                """);
        SegmentedTestRecord message = new SegmentedTestRecord(java.util.Map.of("OBR-3", "F1", "OBR-4-2", "Panel"),
                List.of(java.util.Map.of("OBX-5", "98"), java.util.Map.of("OBX-3-2", "note only"),
                        java.util.Map.of("OBX-5", "140")));
        MappedRecord mapped = mapping.map(message);
        assertThat(mapped.resources().get(0).json().get("result")).hasSize(2);
    }

    @Test
    void recordsRepeatsOverWhatADocumentSourceSelectsAndKeepPassesUnknownCodesThrough() throws Exception {
        DeclarativeMapping mapping = load("""
                mapping: documents
                version: 1
                sourceSystem: urn:test
                codeTables:
                  gender: gender.csv
                resources:
                  - resource: Condition
                    key: "{id}-{#}"
                    forEach: {records: "//entry"}
                    fields:
                      - {path: "code.coding[0].code", from: code, transform: [{code: {table: gender, onUnmapped: keep}}]}
                """);
        MappedRecord mapped = mapping.map(new SelectingTestRecord());
        assertThat(mapped.resources()).extracting(r -> r.json().at("/code/coding/0/code").asText())
                .containsExactly("A", "B");
        assertThat(mapped.needsReview()).isFalse();
        assertThatThrownBy(() -> load("""
                mapping: documents
                version: 1
                sourceSystem: urn:test
                resources:
                  - resource: Condition
                    key: "{id}-{#}"
                    forEach: {records: "entry"}
                    fields:
                      - {path: "code.text", from: code}
                """).map(new SelectingTestRecord())).hasMessage("Condition: forEach records: not a selector this source understands");
    }
}
