package io.chartbridge.mapping;

import static io.chartbridge.mapping.TestMappings.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The constructs of the second step: ref, when, forEach, code output, partials, timezone. */
class MappingLanguageTest {

    private static final String TOP = """
            mapping: test-multi
            version: 1
            sourceSystem: urn:chartbridge:source:test
            codeTables:
              gender: gender.csv
            resources:
            """;

    @TempDir
    Path dir;

    private DeclarativeMapping load(String resourcesYaml) {
        return MappingLoader.load(TestMappings.write(dir, TOP + resourcesYaml.stripIndent()), TestIdSecret.IDS);
    }

    private static List<String> types(MappedRecord record) {
        return record.resources().stream().map(MappedResource::type).toList();
    }

    @Test
    void refPointsAtTheDeterministicIdThePatientMappingGivesTheSameKey() throws Exception {
        DeclarativeMapping encounters = load("""
                - resource: Encounter
                  key: "{VISIT_ID}"
                  fields:
                    - {path: status, const: finished}
                    - path: subject.reference
                      ref: {resource: Patient, key: "{MRN}"}
                      required: true
                    - path: serviceProvider.reference
                      ref: {resource: Organization, key: "{CLINIC}", sourceSystem: "urn:other"}
                """);
        MappedResource encounter = encounters.map(record("VISIT_ID", "V1", "MRN", "100", "CLINIC", "C9"))
                .resources().get(0);
        assertThat(encounter.json().at("/subject/reference").asText())
                .isEqualTo("Patient/" + TestIdSecret.IDS.idFor("urn:chartbridge:source:test", "Patient", "100"));
        assertThat(encounter.json().at("/serviceProvider/reference").asText())
                .isEqualTo("Organization/" + TestIdSecret.IDS.idFor("urn:other", "Organization", "C9"));
        assertThatThrownBy(() -> encounters.map(record("VISIT_ID", "V2", "MRN", " ")))
                .isInstanceOf(MappingException.class).hasMessage("subject.reference: required but blank");
    }

    @Test
    void referencedResourcesAreEmittedFirstWhateverTheFileOrder() throws Exception {
        DeclarativeMapping mapping = load("""
                - resource: Condition
                  key: "{ID}"
                  fields:
                    - {path: subject.reference, ref: {resource: Patient, key: "{MRN}"}}
                    - {path: encounter.reference, ref: {resource: Encounter, key: "{ID}"}}
                - resource: Encounter
                  key: "{ID}"
                  fields:
                    - {path: subject.reference, ref: {resource: Patient, key: "{MRN}"}}
                - resource: Patient
                  key: "{MRN}"
                  fields:
                    - {path: gender, const: male}
                """);
        assertThat(mapping.resourceTypes()).containsExactly("Patient", "Encounter", "Condition");
        assertThat(types(mapping.map(record("ID", "1", "MRN", "2")))).containsExactly("Patient", "Encounter", "Condition");
    }

    @Test
    void resourceAndFieldConditionsDecideWhatIsWritten() throws Exception {
        DeclarativeMapping mapping = load("""
                - resource: Patient
                  key: "{MRN}"
                  fields:
                    - {path: "identifier[0].value", from: MRN}
                    - path: identifier[1].system
                      const: http://hl7.org/fhir/sid/us-ssn
                      when: {matches: {field: SSN, regex: "[0-9]{3}-?[0-9]{2}-?[0-9]{4}"}}
                    - path: identifier[1].value
                      from: SSN
                      when: {matches: {field: SSN, regex: "[0-9]{3}-?[0-9]{2}-?[0-9]{4}"}}
                - resource: Observation
                  key: "{MRN}-lab"
                  when: {equals: {field: TYPE, value: LAB}}
                  fields:
                    - {path: status, const: final}
                - resource: Observation
                  key: "{MRN}-note"
                  when: {allOf: [{present: NOTE}, {absent: DELETED}]}
                  fields:
                    - {path: status, const: preliminary}
                """);
        MappedRecord lab = mapping.map(record("MRN", "1", "SSN", "123-45-6789", "TYPE", " LAB "));
        assertThat(types(lab)).containsExactly("Patient", "Observation");
        assertThat(lab.resources().get(0).json().at("/identifier/1/value").asText()).isEqualTo("123-45-6789");
        MappedRecord other = mapping.map(record("MRN", "1", "SSN", "unknown", "TYPE", "RAD", "NOTE", "x"));
        assertThat(types(other)).containsExactly("Patient", "Observation");
        assertThat(other.resources().get(0).json().at("/identifier").size()).isEqualTo(1);
        assertThat(other.resources().get(1).json().get("status").asText()).isEqualTo("preliminary");
        assertThat(types(mapping.map(record("MRN", "1", "NOTE", "x", "DELETED", "Y")))).containsExactly("Patient");
    }

    @Test
    void splitCellGivesOneResourcePerItemKeyedByItsIndex() throws Exception {
        DeclarativeMapping mapping = load("""
                - resource: AllergyIntolerance
                  key: "{MRN}-allergy-{#}"
                  forEach: {split: {field: ALLERGIES, separator: "|"}}
                  fields:
                    - {path: code.text, from: ALLERGIES}
                    - {path: patient.reference, ref: {resource: Patient, key: "{MRN}"}}
                """);
        MappedRecord mapped = mapping.map(record("MRN", "7", "ALLERGIES", "Penicillin| |Peanuts "));
        assertThat(mapped.resources()).extracting(r -> r.json().at("/code/text").asText())
                .containsExactly("Penicillin", "Peanuts");
        assertThat(mapped.resources().get(1).id())
                .isEqualTo(TestIdSecret.IDS.idFor("urn:chartbridge:source:test", "AllergyIntolerance", "7-allergy-3"));
        assertThat(mapping.map(record("MRN", "7", "ALLERGIES", "")).resources()).isEmpty();
    }

    @Test
    void segmentsGiveOneResourcePerSegmentAndOtherRecordsAreQuarantined() throws Exception {
        DeclarativeMapping mapping = load("""
                - resource: Observation
                  key: "{PID-3-1}-{OBR-3}-{#}"
                  forEach: {segments: OBX}
                  fields:
                    - {path: code.text, from: OBX-3-2}
                    - {path: valueQuantity.value, from: OBX-5, type: decimal}
                """);
        SegmentedTestRecord message = new SegmentedTestRecord(Map.of("PID-3-1", "55", "OBR-3", "F1"),
                List.of(Map.of("OBX-3-2", "Glucose", "OBX-5", "98"), Map.of("OBX-3-2", "Sodium", "OBX-5", "140")));
        MappedRecord mapped = mapping.map(message);
        assertThat(mapped.resources()).extracting(r -> r.json().at("/code/text").asText())
                .containsExactly("Glucose", "Sodium");
        assertThat(mapped.resources().get(1).json().at("/valueQuantity/value").decimalValue()).isEqualByComparingTo("140");
        assertThatThrownBy(() -> mapping.map(record("PID-3-1", "55")))
                .isInstanceOf(MappingException.class).hasMessageContaining("only HL7 v2 messages");
        assertThat(mapping.sourcePaths()).containsExactly("OBX", "PID-3-1", "OBR-3", "OBX-3-2", "OBX-5");
    }

    @Test
    void codingOutputWritesSystemCodeAndDisplayAndReviewKeepsTheOriginal() throws Exception {
        Files.writeString(dir.resolve("icd.json"), """
                {"resourceType": "ConceptMap", "group": [{
                  "source": "http://hl7.org/fhir/sid/icd-9-cm", "target": "http://hl7.org/fhir/sid/icd-10-cm",
                  "element": [
                    {"code": "250.00", "target": [{"code": "E11.9", "display": "Type 2 diabetes mellitus without complications", "equivalence": "equivalent"}]},
                    {"code": "999.99", "target": [{"equivalence": "unmatched"}]}
                  ]}]}
                """);
        DeclarativeMapping mapping = MappingLoader.load(TestMappings.write(dir, TOP.replace("gender.csv",
                "gender.csv\n  icd9to10: icd.json") + """
                - resource: Condition
                  key: "{ID}"
                  fields:
                    - path: code.coding[0]
                      from: DX
                      transform: [trim, {code: {table: icd9to10, output: coding, onUnmapped: review}}]
                """.stripIndent()), TestIdSecret.IDS);
        MappedRecord mapped = mapping.map(record("ID", "1", "DX", "250.00"));
        assertThat(mapped.resources().get(0).json().at("/code/coding/0")).isEqualTo(new com.fasterxml.jackson.databind
                .ObjectMapper().readTree("""
                {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9",
                 "display": "Type 2 diabetes mellitus without complications"}"""));
        assertThat(mapped.needsReview()).isFalse();
        MappedRecord unmapped = mapping.map(record("ID", "2", "DX", "999.99"));
        JsonNode coding = unmapped.resources().get(0).json().at("/code/coding/0");
        assertThat(coding.get("system").asText()).isEqualTo("http://hl7.org/fhir/sid/icd-9-cm");
        assertThat(coding.get("code").asText()).isEqualTo("999.99");
        assertThat(unmapped.reviewReasons()).containsExactly("DX: code not in table 'icd9to10'; original coding kept");
    }

    @Test
    void partialsAreIncludedAndMissingOrCircularOnesAreReportedAtTheirLine() throws IOException, MappingException {
        Files.writeString(dir.resolve("_names.yaml"), """
                fields:
                  - {path: "name[0].family", from: LAST, transform: [trim, titleCase]}
                  - include: _contact.yaml
                """);
        Files.writeString(dir.resolve("_contact.yaml"), """
                fields:
                  - {path: "telecom[0].value", from: PHONE, transform: [phone]}
                """);
        DeclarativeMapping mapping = load("""
                - resource: Patient
                  key: "{MRN}"
                  fields:
                    - include: _names.yaml
                    - {path: gender, const: unknown}
                """);
        JsonNode patient = mapping.map(record("MRN", "1", "LAST", "DOE", "PHONE", "555-123-4567")).resources().get(0).json();
        assertThat(patient.at("/name/0/family").asText()).isEqualTo("Doe");
        assertThat(patient.at("/telecom/0/value").asText()).isEqualTo("+15551234567");

        Files.writeString(dir.resolve("_contact.yaml"), "fields:\n  - include: _names.yaml\n");
        Path file = TestMappings.write(dir, TOP + """
                - resource: Patient
                  key: "{MRN}"
                  fields:
                    - include: _names.yaml
                    - include: _missing.yaml
                """);
        assertThat(MappingLoader.check(file)).containsExactly(
                dir.resolve("_contact.yaml").toAbsolutePath().normalize() + ":2: circular include: test.yaml -> _names.yaml -> _contact.yaml -> _names.yaml",
                file + ":11: included partial not found: " + dir.resolve("_missing.yaml").toAbsolutePath().normalize());
        Files.writeString(dir.resolve("_contact.yaml"), "fields:\n  - path: gender\n    form: SEX\n");
        Path typo = TestMappings.write(dir, TOP + """
                - resource: Patient
                  key: "{MRN}"
                  fields:
                    - include: _contact.yaml
                """.stripIndent());
        assertThat(MappingLoader.check(typo)).singleElement().asString()
                .startsWith(dir.resolve("_contact.yaml").toAbsolutePath().normalize() + ":3: unknown key 'form'");
    }

    @Test
    void localTimesNeedADeclaredTimezoneAndGetItsOffsetIncludingDaylightSaving() throws Exception {
        String fields = """
                - resource: Encounter
                  key: "{ID}"
                  fields:
                    - path: period.start
                      from: START
                      transform: [{datetime: ["MM/dd/yyyy HH:mm", "yyyy-MM-dd'T'HH:mmXXX", "yyyyMMdd"]}]
                """;
        Path undeclared = TestMappings.write(dir, TOP + fields.stripIndent());
        assertThat(MappingLoader.check(undeclared)).singleElement().asString().contains("declare the mapping's 'timezone:'");
        DeclarativeMapping mapping = MappingLoader.load(TestMappings.write(dir,
                TOP.replace("version: 1", "version: 1\ntimezone: America/New_York") + fields.stripIndent()),
                TestIdSecret.IDS);
        assertThat(start(mapping, "01/15/2024 08:30")).isEqualTo("2024-01-15T08:30:00-05:00");
        assertThat(start(mapping, "07/15/2024 08:30")).isEqualTo("2024-07-15T08:30:00-04:00");
        assertThat(start(mapping, "2024-07-15T08:30+02:00")).isEqualTo("2024-07-15T08:30:00+02:00");
        assertThat(start(mapping, "20240715")).isEqualTo("2024-07-15");
        assertThatThrownBy(() -> start(mapping, "02/30/2024 10:00")).hasMessageContaining("START: not a date-time");
        assertThatThrownBy(() -> start(mapping, "yesterday")).hasMessageContaining("START: not a date-time");
        MappedRecord inGap = mapping.map(record("ID", "1", "START", "03/10/2024 02:30"));
        assertThat(inGap.resources().get(0).json().at("/period/start").asText()).isEqualTo("2024-03-10T03:30:00-04:00");
        assertThat(inGap.reviewReasons()).singleElement().asString().startsWith("START: local time falls in the daylight-saving gap");
    }

    private static String start(DeclarativeMapping mapping, String value) throws MappingException {
        return mapping.map(record("ID", "1", "START", value)).resources().get(0).json().at("/period/start").asText();
    }

    @Test
    void badConditionsRepetitionsAndRefsAreReportedAtTheirLineBeforeAnyRecordIsRead() {
        Path file = TestMappings.write(dir, TOP + """
                - resource: Observation
                  key: "{ID}"
                  when: {present: A, absent: B}
                  forEach: {segments: obx}
                  fields:
                    - {path: status, from: S, when: {matches: {field: S, regex: "("}}}
                    - {path: subject.reference, ref: {resource: Patient}}
                    - {path: code.text, from: T, ref: {resource: Patient, key: "{X}"}}
                    - {path: code.coding, from: C, transform: [{code: {table: gender, output: coding}}, trim]}
                """.stripIndent());
        assertThat(MappingLoader.check(file)).containsExactly(
                file + ":9: 'when' needs exactly one of present, absent, equals, matches, group, not, allOf or anyOf",
                file + ":10: 'forEach: segments' must be a segment name of 3 letters or digits, e.g. OBX",
                file + ":12: 'when: matches' regex is invalid: Unclosed group",
                file + ":13: 'ref' needs 'key': the referred resource's key template, e.g. \"{MRN}\"",
                file + ":14: field 'code.text' needs exactly one of 'from', 'const', 'template', 'ref' or 'forEach' with 'fields'",
                file + ":15: field 'code.coding': 'code' writes a whole JSON value, so it must be the last transform");
    }

    @Test
    void sourcePathsListEveryColumnTheMappingReadsOnce() {
        DeclarativeMapping mapping = load("""
                - resource: Patient
                  key: "{MRN}"
                  when: {present: MRN}
                  fields:
                    - {path: gender, from: SEX}
                    - {path: "name[0].text", template: "{FIRST} {LAST}", when: {present: LAST}}
                    - {path: managingOrganization.reference, ref: {resource: Organization, key: "{CLINIC}"}}
                """);
        assertThat(mapping.sourcePaths()).containsExactly("MRN", "SEX", "LAST", "FIRST", "CLINIC");
    }
}
