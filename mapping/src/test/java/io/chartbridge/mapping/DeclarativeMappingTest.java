package io.chartbridge.mapping;

import static io.chartbridge.mapping.TestMappings.record;
import static io.chartbridge.mapping.TestMappings.withFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclarativeMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static MappedResource only(MappedRecord record) {
        assertThat(record.resources()).hasSize(1);
        return record.resources().get(0);
    }

    @Test
    void mappingIdIsNameAtVersion() {
        DeclarativeMapping mapping = withFields(dir, "- {path: gender, from: SEX}");
        assertThat(mapping.mappingId()).isEqualTo("test-patient@2");
        assertThat(mapping.name()).isEqualTo("test-patient");
        assertThat(mapping.version()).isEqualTo(2);
        assertThat(mapping.sourceSystem()).isEqualTo("urn:chartbridge:source:test");
        assertThat(mapping.resourceTypes()).containsExactly("Patient");
    }

    @Test
    void idIsDerivedFromSourceSystemTypeAndKeySoReRunsGiveTheSameId() throws Exception {
        DeclarativeMapping first = withFields(dir, "- {path: gender, from: SEX}");
        DeclarativeMapping second = withFields(dir, "- {path: gender, from: SEX}");
        MappedResource a = only(first.map(record("MRN", "A1", "SEX", "M")));
        MappedResource b = only(second.map(record("MRN", "A1", "SEX", "F")));
        assertThat(a.id()).isEqualTo(b.id())
                .isEqualTo(TestIdSecret.IDS.idFor("urn:chartbridge:source:test", "Patient", "A1"))
                // pinned: if this changes, a re-run would duplicate every resource loaded by earlier runs
                .isEqualTo("d7b93a2a-72fd-84ab-9a59-3b589c235fb4");
        assertThat(a.json().get("id").asText()).isEqualTo(a.id());
        assertThat(a.json().get("resourceType").asText()).isEqualTo("Patient");
        assertThat(only(first.map(record("MRN", "A2", "SEX", "M"))).id()).isNotEqualTo(a.id());
    }

    @Test
    void pathsBuildNestedObjectsAndArraysInMappingOrder() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - {path: "name[0].family", from: LAST}
                - {path: "name[0].given[0]", from: FIRST}
                - {path: "name[0].given[1]", from: MIDDLE}
                - {path: "address[0].line[0]", from: A1}
                - {path: "address[0].line[1]", from: A2}
                - {path: active, const: "true", type: boolean}
                """);
        MappedResource r = only(mapping.map(record("MRN", "1", "LAST", "Doe", "FIRST", "Jane", "MIDDLE", "Q",
                "A1", "1 Main St", "A2", "Apt 2")));
        assertThat(r.json()).isEqualTo(json("""
                {"resourceType":"Patient","id":"%s",
                 "name":[{"family":"Doe","given":["Jane","Q"]}],
                 "address":[{"line":["1 Main St","Apt 2"]}],
                 "active":true}""".formatted(r.id())));
        List<String> keys = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("resourceType", "id", "name", "address", "active");
    }

    @Test
    void blankValuesAreOmittedAndArrayGapsCloseUp() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - {path: "name[0].family", from: LAST}
                - {path: "name[0].given[0]", from: FIRST}
                - {path: "name[0].given[1]", from: MIDDLE}
                - {path: birthDate, from: DOB}
                """);
        MappedResource r = only(mapping.map(record("MRN", "1", "LAST", "Doe", "FIRST", "  ", "MIDDLE", "Q",
                "DOB", "")));
        assertThat(r.json()).isEqualTo(json("""
                {"resourceType":"Patient","id":"%s","name":[{"family":"Doe","given":["Q"]}]}""".formatted(r.id())));
    }

    @Test
    void constantsNextToBlankDataAreLeftOutButConstantOnlyElementsStay() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - {path: "telecom[0].system", const: phone}
                - {path: "telecom[0].value", from: PHONE}
                - {path: "telecom[1].system", const: email}
                - {path: "telecom[1].value", from: EMAIL}
                - {path: "meta.tag[0].system", const: "urn:chartbridge:tag"}
                - {path: "meta.tag[0].code", const: migrated}
                """);
        MappedResource r = only(mapping.map(record("MRN", "1", "PHONE", "", "EMAIL", "a@example.com")));
        assertThat(r.json().get("telecom")).isEqualTo(json("[{\"system\":\"email\",\"value\":\"a@example.com\"}]"));
        assertThat(r.json().get("meta")).isEqualTo(json("{\"tag\":[{\"system\":\"urn:chartbridge:tag\",\"code\":\"migrated\"}]}"));

        MappedResource none = only(mapping.map(record("MRN", "2")));
        assertThat(none.json().has("telecom")).isFalse();
    }

    @Test
    void templateJoinsSourceFieldsAndSkipsBlankOnes() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - {path: "address[0].text", template: "{A1}, {CITY} {ZIP}"}
                - {path: "name[0].text", template: "{FIRST} {MIDDLE} {LAST}"}
                """);
        MappedResource r = only(mapping.map(record("MRN", "1", "A1", "1 Main St", "CITY", "Springfield", "ZIP", "",
                "FIRST", "Jane", "MIDDLE", "", "LAST", "Doe")));
        assertThat(r.json().at("/address/0/text").asText()).isEqualTo("1 Main St, Springfield");
        assertThat(r.json().at("/name/0/text").asText()).isEqualTo("Jane Doe");

        MappedResource blank = only(mapping.map(record("MRN", "2")));
        assertThat(blank.json().has("address")).isFalse();
    }

    @Test
    void requiredBlankFieldQuarantinesTheRecordNamingTheField() {
        DeclarativeMapping mapping = withFields(dir, "- {path: \"name[0].family\", from: LAST, required: true}");
        assertThatThrownBy(() -> mapping.map(record("MRN", "1", "LAST", " ")))
                .isInstanceOf(MappingException.class).hasMessage("LAST: required but blank");
    }

    @Test
    void blankRecordKeyQuarantinesTheRecord() {
        DeclarativeMapping mapping = withFields(dir, "- {path: gender, from: SEX}");
        assertThatThrownBy(() -> mapping.map(record("MRN", "", "SEX", "M")))
                .isInstanceOf(MappingException.class).hasMessageContaining("{MRN}").hasMessageContaining("blank record key");
    }

    @Test
    void everyProblemOfARecordIsReportedTogetherWithoutValues() {
        DeclarativeMapping mapping = withFields(dir, """
                - path: birthDate
                  from: DOB
                  transform: [{date: [yyyy-MM-dd]}]
                - path: gender
                  from: SEX
                  transform: [{code: {table: gender}}]
                """);
        assertThatThrownBy(() -> mapping.map(record("MRN", "1", "DOB", "31/31/1999", "SEX", "Q")))
                .isInstanceOf(MappingException.class)
                .hasMessage("DOB: not a date in any of the patterns yyyy-MM-dd; SEX: code not in table 'gender'")
                .message().doesNotContain("31/31/1999");
    }

    @Test
    void unmappedCodeUnderReviewPolicyKeepsTheValueAndAsksForReview() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - path: gender
                  from: SEX
                  transform: [{code: {table: gender, onUnmapped: review}}]
                """);
        MappedRecord mapped = mapping.map(record("MRN", "1", "SEX", "Q"));
        assertThat(only(mapped).json().get("gender").asText()).isEqualTo("Q");
        assertThat(mapped.reviewReasons()).containsExactly("SEX: code not in table 'gender'; kept as written");
        assertThat(mapped.needsReview()).isTrue();
        assertThat(mapping.map(record("MRN", "1", "SEX", "f")).reviewReasons()).isEmpty();
    }

    @Test
    void aSingleTransformNeedsNoListAndDefaultCanFeedACodeTable() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - path: name[0].family
                  from: LAST
                  transform: trim
                - path: gender
                  from: SEX
                  transform:
                    - trim
                    - default: M
                    - code: gender
                """);
        MappedResource r = only(mapping.map(record("MRN", "1", "LAST", " Doe ", "SEX", "")));
        assertThat(r.json().at("/name/0/family").asText()).isEqualTo("Doe");
        assertThat(r.json().get("gender").asText()).isEqualTo("male");
    }

    @Test
    void identifierIsSystemBarValueForConditionalCreate() throws Exception {
        Path file = TestMappings.write(dir, TestMappings.HEADER.replace("key: \"{MRN}\"",
                "key: \"{MRN}\"\n    identifier: {system: \"urn:oid:1.2.3\", value: \"{MRN}\"}")
                + "      - {path: gender, from: SEX}\n");
        DeclarativeMapping mapping = MappingLoader.load(file, TestIdSecret.IDS);
        assertThat(only(mapping.map(record("MRN", " A7 ", "SEX", "M"))).identifier()).isEqualTo("urn:oid:1.2.3|A7");
        assertThat(only(withFields(dir, "- {path: gender, from: SEX}").map(record("MRN", "A7"))).identifier()).isNull();
    }

    @Test
    void typedFieldsBecomeJsonBooleansAndNumbersOrQuarantineWhenNotConvertible() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - {path: deceasedBoolean, from: DECEASED, type: boolean}
                - {path: multipleBirthInteger, from: BIRTH_ORDER, type: integer}
                """);
        MappedResource r = only(mapping.map(record("MRN", "1", "DECEASED", "N", "BIRTH_ORDER", "2")));
        assertThat(r.json().get("deceasedBoolean").isBoolean()).isTrue();
        assertThat(r.json().get("deceasedBoolean").asBoolean()).isFalse();
        assertThat(r.json().get("multipleBirthInteger").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> mapping.map(record("MRN", "1", "DECEASED", "maybe")))
                .hasMessage("DECEASED: not a boolean (true/false, yes/no, y/n, 1/0)");
    }

    @Test
    void contentHashChangesWithContentButNotWithMeta() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - {path: "name[0].family", from: LAST}
                """);
        MappedResource a = only(mapping.map(record("MRN", "1", "LAST", "Doe")));
        MappedResource same = only(mapping.map(record("MRN", "1", "LAST", "Doe")));
        MappedResource other = only(mapping.map(record("MRN", "1", "LAST", "Roe")));
        assertThat(a.contentHash()).isEqualTo(same.contentHash()).isNotEqualTo(other.contentHash()).hasSize(64);

        DeclarativeMapping withMeta = withFields(dir, """
                - {path: meta.source, const: "urn:x"}
                - {path: "name[0].family", from: LAST}
                """);
        assertThat(only(withMeta.map(record("MRN", "1", "LAST", "Doe"))).contentHash()).isEqualTo(a.contentHash());
    }

    @Test
    void contentHashDoesNotDependOnTheOrderFieldsAreWritten() throws Exception {
        DeclarativeMapping ab = withFields(dir, """
                - {path: gender, from: SEX}
                - {path: birthDate, from: DOB}
                """);
        DeclarativeMapping ba = withFields(dir, """
                - {path: birthDate, from: DOB}
                - {path: gender, from: SEX}
                """);
        assertThat(only(ab.map(record("MRN", "1", "SEX", "male", "DOB", "2000-01-01"))).contentHash())
                .isEqualTo(only(ba.map(record("MRN", "1", "SEX", "male", "DOB", "2000-01-01"))).contentHash());
    }

    @Test
    void oneMappingServesManyThreadsWithIdenticalResults() throws Exception {
        DeclarativeMapping mapping = withFields(dir, """
                - path: name[0].family
                  from: LAST
                  transform: [trim, titleCase]
                - path: birthDate
                  from: DOB
                  transform: [{date: [MM/dd/yyyy, yyyy-MM-dd]}]
                """);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    StringBuilder all = new StringBuilder();
                    for (int i = 0; i < 2_000; i++) {
                        MappedResource r = only(mapping.map(record("MRN", "M" + i, "LAST", " DOE" + i, "DOB",
                                i % 2 == 0 ? "01/0" + (1 + i % 9) + "/1980" : "1980-01-0" + (1 + i % 9))));
                        all.append(r.contentHash());
                    }
                    return all.toString();
                }));
            }
            String first = results.get(0).get();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
